package io.authdesign.jdbc;

import io.authdesign.store.AuthorizationCodeGrant;
import io.authdesign.store.AuthorizationCodeStore;
import io.authdesign.store.CodeRedemption;
import io.authdesign.store.TokenHashes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;

/**
 * An {@link AuthorizationCodeStore} in the {@code authorization_codes} table. {@link #consume} is one
 * statement: it counts the presentation on the unexpired row and returns the row with the new count.
 * Concurrent updates of one row queue on its row lock and each re-reads the row the previous one left,
 * so exactly one caller sees the count 1 ({@code Redeemed}) and every later one a higher count ({@code
 * AlreadyRedeemed}); nothing is read before it is written.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2">RFC 6749 section 4.1.2</a>
 */
final class JdbcAuthorizationCodeStore implements AuthorizationCodeStore {

    private static final String COLUMNS = "code_hash, client_id, redirect_uri, subject, scopes, code_challenge,"
            + " code_challenge_method, nonce, auth_time, acr, claims_request, dpop_jkt, grant_id, created_at,"
            + " expires_at, resources, sid";

    private final Db db;
    private final Clock clock;
    private final String consumeSql;

    JdbcAuthorizationCodeStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.consumeSql = db.dialect()
                .returning(
                        "UPDATE authorization_codes SET presentations = presentations + 1,"
                                + " used_at = COALESCE(used_at, ?) WHERE code_hash = ? AND expires_at > ?",
                        COLUMNS + ", presentations");
    }

    @Override
    public void save(AuthorizationCodeGrant grant) {
        Objects.requireNonNull(grant, "grant");
        db.run("Save authorization code", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO authorization_codes (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, grant.codeHash());
                insert.setString(2, grant.clientId());
                insert.setString(3, grant.redirectUri());
                insert.setString(4, grant.subject());
                insert.setString(5, Columns.joinTokens(grant.scopes()));
                insert.setString(6, grant.codeChallenge());
                insert.setString(7, grant.codeChallengeMethod());
                insert.setString(8, grant.nonce());
                Columns.setInstant(insert, 9, grant.authTime());
                insert.setString(10, grant.acr());
                insert.setString(11, grant.claimsRequest());
                insert.setString(12, grant.dpopJkt());
                insert.setString(13, grant.grantId());
                Columns.setInstant(insert, 14, grant.createdAt());
                Columns.setInstant(insert, 15, grant.expiresAt());
                insert.setString(16, Columns.joinTokens(grant.resources()));
                insert.setString(17, grant.sid());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public CodeRedemption consume(String code) {
        if (code == null) {
            return new CodeRedemption.Unknown();
        }
        var now = clock.instant();
        return db.run("Consume authorization code", connection -> {
            try (PreparedStatement update = connection.prepareStatement(consumeSql)) {
                Columns.setInstant(update, 1, now);
                update.setString(2, TokenHashes.sha256(code));
                Columns.setInstant(update, 3, now);
                try (ResultSet rows = update.executeQuery()) {
                    if (!rows.next()) {
                        return new CodeRedemption.Unknown();
                    }
                    AuthorizationCodeGrant grant = grant(rows);
                    return rows.getInt("presentations") == 1
                            ? new CodeRedemption.Redeemed(grant)
                            : new CodeRedemption.AlreadyRedeemed(grant);
                }
            }
        });
    }

    private static AuthorizationCodeGrant grant(ResultSet rows) throws SQLException {
        return new AuthorizationCodeGrant(
                rows.getString("code_hash"),
                rows.getString("client_id"),
                rows.getString("redirect_uri"),
                rows.getString("subject"),
                Columns.splitTokens(rows.getString("scopes")),
                rows.getString("code_challenge"),
                rows.getString("code_challenge_method"),
                rows.getString("nonce"),
                Columns.getInstant(rows, "auth_time"),
                rows.getString("acr"),
                rows.getString("claims_request"),
                rows.getString("dpop_jkt"),
                rows.getString("grant_id"),
                Columns.getInstant(rows, "created_at"),
                Columns.getInstant(rows, "expires_at"),
                Columns.splitTokens(rows.getString("resources")),
                rows.getString("sid"));
    }
}
