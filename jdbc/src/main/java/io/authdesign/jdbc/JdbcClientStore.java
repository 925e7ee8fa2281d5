package io.authdesign.jdbc;

import io.authdesign.store.ClientLinks;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSettings;
import io.authdesign.store.ClientStore;
import io.authdesign.store.RegisteredClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ClientStore} in the {@code clients} table, secrets in {@code client_secrets} in their order.
 * {@link #save} replaces a client in one transaction: the upsert locks the client's row, so concurrent
 * saves of one client apply one after the other.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7591#section-2">RFC 7591 section 2</a>
 */
final class JdbcClientStore implements ClientStore {

    private static final String COLUMNS = "client_id, auth_methods, grant_types, redirect_uris, scopes, require_pkce,"
            + " jwks, jwks_uri, client_name, dpop_bound_access_tokens, require_pushed_authorization_requests,"
            + " id_token_signed_response_alg, post_logout_redirect_uris, backchannel_logout_uri,"
            + " backchannel_logout_session_required, request_uris, registration_access_token_hash, resources,"
            + " fapi2, userinfo_signed_response_alg, response_types, client_uri, logo_uri, policy_uri, tos_uri";

    private final Db db;

    JdbcClientStore(Db db) {
        this.db = db;
    }

    @Override
    public Optional<RegisteredClient> find(String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        return db.run("Find client", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT " + COLUMNS + " FROM clients WHERE client_id = ?")) {
                select.setString(1, clientId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new RegisteredClient(
                            clientId,
                            secrets(connection, clientId),
                            Columns.splitTokens(rows.getString("auth_methods")),
                            Columns.splitTokens(rows.getString("grant_types")),
                            Columns.splitList(rows.getString("redirect_uris")),
                            Columns.splitTokens(rows.getString("scopes")),
                            rows.getBoolean("require_pkce"),
                            rows.getString("jwks"),
                            rows.getString("jwks_uri"),
                            rows.getString("client_name"),
                            rows.getBoolean("dpop_bound_access_tokens"),
                            List.copyOf(Columns.splitList(rows.getString("resources"))),
                            new ClientSettings(
                                    rows.getBoolean("require_pushed_authorization_requests"),
                                    rows.getString("id_token_signed_response_alg"),
                                    Columns.splitList(rows.getString("post_logout_redirect_uris")),
                                    rows.getString("backchannel_logout_uri"),
                                    rows.getBoolean("backchannel_logout_session_required"),
                                    Columns.splitList(rows.getString("request_uris")),
                                    rows.getString("registration_access_token_hash"),
                                    rows.getBoolean("fapi2"),
                                    rows.getString("userinfo_signed_response_alg"),
                                    responseTypes(rows.getString("response_types")),
                                    new ClientLinks(
                                            rows.getString("client_uri"),
                                            rows.getString("logo_uri"),
                                            rows.getString("policy_uri"),
                                            rows.getString("tos_uri")))));
                }
            }
        });
    }

    /** The registered response types, comma-separated: {@code id_token token} holds a space. */
    private static List<String> responseTypes(String column) {
        return column == null || column.isEmpty() ? List.of() : List.of(column.split(","));
    }

    private static List<ClientSecret> secrets(Connection connection, String clientId) throws SQLException {
        List<ClientSecret> secrets = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT hash, expires_at FROM client_secrets WHERE client_id = ? ORDER BY seq")) {
            select.setString(1, clientId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    secrets.add(new ClientSecret(rows.getString("hash"), Columns.getInstant(rows, "expires_at")));
                }
            }
        }
        return secrets;
    }

    @Override
    public void save(RegisteredClient client) {
        Objects.requireNonNull(client, "client");
        db.inTransaction("Save client", connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(upsertSql())) {
                upsert.setString(1, client.clientId());
                upsert.setString(2, Columns.joinTokens(client.authMethods()));
                upsert.setString(3, Columns.joinTokens(client.grantTypes()));
                upsert.setString(4, Columns.joinList(client.redirectUris()));
                upsert.setString(5, Columns.joinTokens(client.scopes()));
                upsert.setBoolean(6, client.requirePkce());
                upsert.setString(7, client.jwks());
                upsert.setString(8, client.jwksUri());
                upsert.setString(9, client.clientName());
                upsert.setBoolean(10, client.dpopBoundAccessTokens());
                ClientSettings settings = client.settings();
                upsert.setBoolean(11, settings.requirePushedAuthorizationRequests());
                upsert.setString(12, settings.idTokenSignedResponseAlg());
                upsert.setString(13, Columns.joinList(settings.postLogoutRedirectUris()));
                upsert.setString(14, settings.backchannelLogoutUri());
                upsert.setBoolean(15, settings.backchannelLogoutSessionRequired());
                upsert.setString(16, Columns.joinList(settings.requestUris()));
                upsert.setString(17, settings.registrationAccessTokenHash());
                upsert.setString(18, Columns.joinList(client.resources()));
                upsert.setBoolean(19, settings.fapi2());
                upsert.setString(20, settings.userinfoSignedResponseAlg());
                upsert.setString(21, String.join(",", settings.responseTypes()));
                upsert.setString(22, settings.links().clientUri());
                upsert.setString(23, settings.links().logoUri());
                upsert.setString(24, settings.links().policyUri());
                upsert.setString(25, settings.links().tosUri());
                upsert.executeUpdate();
            }
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM client_secrets WHERE client_id = ?")) {
                delete.setString(1, client.clientId());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO client_secrets (client_id, seq, hash, expires_at) VALUES (?, ?, ?, ?)")) {
                int seq = 0;
                for (ClientSecret secret : client.secrets()) {
                    insert.setString(1, client.clientId());
                    insert.setInt(2, seq++);
                    insert.setString(3, secret.hash());
                    Columns.setInstant(insert, 4, secret.expiresAt());
                    insert.addBatch();
                }
                if (seq > 0) {
                    insert.executeBatch();
                }
            }
            return null;
        });
    }

    private String upsertSql() {
        String values = "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        return switch (db.dialect()) {
            case POSTGRESQL ->
                "INSERT INTO clients (" + COLUMNS + ") " + values
                        + " ON CONFLICT (client_id) DO UPDATE SET auth_methods = EXCLUDED.auth_methods,"
                        + " grant_types = EXCLUDED.grant_types, redirect_uris = EXCLUDED.redirect_uris,"
                        + " scopes = EXCLUDED.scopes, require_pkce = EXCLUDED.require_pkce, jwks = EXCLUDED.jwks,"
                        + " jwks_uri = EXCLUDED.jwks_uri, client_name = EXCLUDED.client_name,"
                        + " dpop_bound_access_tokens = EXCLUDED.dpop_bound_access_tokens,"
                        + " require_pushed_authorization_requests = EXCLUDED.require_pushed_authorization_requests,"
                        + " id_token_signed_response_alg = EXCLUDED.id_token_signed_response_alg,"
                        + " post_logout_redirect_uris = EXCLUDED.post_logout_redirect_uris,"
                        + " backchannel_logout_uri = EXCLUDED.backchannel_logout_uri,"
                        + " backchannel_logout_session_required = EXCLUDED.backchannel_logout_session_required,"
                        + " request_uris = EXCLUDED.request_uris,"
                        + " registration_access_token_hash = EXCLUDED.registration_access_token_hash,"
                        + " resources = EXCLUDED.resources, fapi2 = EXCLUDED.fapi2,"
                        + " userinfo_signed_response_alg = EXCLUDED.userinfo_signed_response_alg,"
                        + " response_types = EXCLUDED.response_types, client_uri = EXCLUDED.client_uri,"
                        + " logo_uri = EXCLUDED.logo_uri, policy_uri = EXCLUDED.policy_uri, tos_uri = EXCLUDED.tos_uri";
            case H2 -> "MERGE INTO clients (" + COLUMNS + ") KEY (client_id) " + values;
        };
    }

    @Override
    public void delete(String clientId) {
        if (clientId == null) {
            return;
        }
        db.run("Delete client", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM clients WHERE client_id = ?")) {
                delete.setString(1, clientId);
                return delete.executeUpdate();
            }
        });
    }
}
