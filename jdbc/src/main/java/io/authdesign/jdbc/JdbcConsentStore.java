package io.authdesign.jdbc;

import io.authdesign.store.ConsentStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link ConsentStore} in the {@code consents} table, one row per granted scope, so that {@link #grant}
 * is an insert of the new rows ({@code ON CONFLICT DO NOTHING}) and concurrent grants cannot lose each
 * other's scopes.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#Consent">OpenID Connect Core 1.0
 *     section 3.1.2.4</a>
 */
final class JdbcConsentStore implements ConsentStore {

    private final Db db;

    JdbcConsentStore(Db db) {
        this.db = db;
    }

    @Override
    public Set<String> grantedScopes(String subject, String clientId) {
        if (subject == null || clientId == null) {
            return Set.of();
        }
        return db.run("Find consent", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT scope FROM consents WHERE subject = ? AND client_id = ?")) {
                select.setString(1, subject);
                select.setString(2, clientId);
                Set<String> scopes = new HashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        scopes.add(rows.getString(1));
                    }
                }
                return Set.copyOf(scopes);
            }
        });
    }

    @Override
    public void grant(String subject, String clientId, Set<String> scopes) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Set<String> added = Set.copyOf(scopes);
        if (added.isEmpty()) {
            return;
        }
        db.inTransaction("Grant consent", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO consents (subject, client_id, scope) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (String scope : added.stream().sorted().toList()) {
                    insert.setString(1, subject);
                    insert.setString(2, clientId);
                    insert.setString(3, scope);
                    insert.addBatch();
                }
                return insert.executeBatch();
            }
        });
    }

    @Override
    public void revoke(String subject, String clientId) {
        if (subject == null || clientId == null) {
            return;
        }
        db.run("Revoke consent", connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM consents WHERE subject = ? AND client_id = ?")) {
                delete.setString(1, subject);
                delete.setString(2, clientId);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public Map<String, Set<String>> consentsOf(String subject) {
        if (subject == null) {
            return Map.of();
        }
        return db.run("List consents", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT client_id, scope FROM consents WHERE subject = ?")) {
                select.setString(1, subject);
                Map<String, Set<String>> found = new java.util.TreeMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.computeIfAbsent(rows.getString(1), client -> new HashSet<>())
                                .add(rows.getString(2));
                    }
                }
                Map<String, Set<String>> copied = new java.util.TreeMap<>();
                found.forEach((client, scopes) -> copied.put(client, Set.copyOf(scopes)));
                return Map.copyOf(copied);
            }
        });
    }
}
