package io.authdesign.jdbc;

import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.TokenHashes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link GrantRevocationStore} in {@code revoked_grants}, keyed by the SHA-256 of the grant id: a lookup
 * is one primary-key read, and a second revocation keeps the later end.
 *
 * <ul>
 *   <li>PostgreSQL: {@code INSERT ... ON CONFLICT (grant_hash) DO UPDATE SET expires_at =
 *       GREATEST(...)}, one statement.
 *   <li>H2: {@code INSERT ... ON CONFLICT DO NOTHING}, then for an existing row a conditional
 *       {@code UPDATE ... WHERE expires_at < ?}.
 * </ul>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.1">RFC 7009 section 2.1</a>
 */
final class JdbcGrantRevocationStore implements GrantRevocationStore {

    private final Db db;

    JdbcGrantRevocationStore(Db db) {
        this.db = db;
    }

    @Override
    public void revoke(String grantId, Instant until) {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(until, "until");
        revokeHash(TokenHashes.sha256(grantId), until);
    }

    /** {@link #revoke} by the stored key, the SHA-256 of the grant id. */
    void revokeHash(String hash, Instant until) {
        db.run("Revoke grant", connection -> switch (db.dialect()) {
            case POSTGRESQL -> {
                try (PreparedStatement upsert = connection.prepareStatement(
                        "INSERT INTO revoked_grants (grant_hash, expires_at) VALUES (?, ?) ON CONFLICT (grant_hash)"
                                + " DO UPDATE SET expires_at = GREATEST(revoked_grants.expires_at,"
                                + " EXCLUDED.expires_at)")) {
                    upsert.setString(1, hash);
                    Columns.setInstant(upsert, 2, until);
                    yield upsert.executeUpdate();
                }
            }
            case H2 -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO revoked_grants (grant_hash, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                    insert.setString(1, hash);
                    Columns.setInstant(insert, 2, until);
                    if (insert.executeUpdate() == 1) {
                        yield 1;
                    }
                } catch (SQLException e) {
                    if (!Db.isUniqueViolation(e)) {
                        throw e;
                    }
                }
                yield extend(connection, hash, until);
            }
        });
    }

    private static int extend(Connection connection, String hash, Instant until) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE revoked_grants SET expires_at = ? WHERE grant_hash = ? AND expires_at < ?")) {
            Columns.setInstant(update, 1, until);
            update.setString(2, hash);
            Columns.setInstant(update, 3, until);
            return update.executeUpdate();
        }
    }

    @Override
    public boolean isRevoked(String grantId, Instant now) {
        if (grantId == null) {
            return false;
        }
        return isRevokedHash(TokenHashes.sha256(grantId), now);
    }

    /** {@link #isRevoked} by the stored key, the SHA-256 of the grant id. */
    boolean isRevokedHash(String hash, Instant now) {
        return db.run("Check grant revocation", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM revoked_grants WHERE grant_hash = ? AND expires_at > ?")) {
                select.setString(1, hash);
                Columns.setInstant(select, 2, now);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /**
     * The entries in force at {@code now}, by stored key, at most {@code limit + 1} of them (so that a caller
     * can tell that there are more than {@code limit}).
     */
    Map<String, Instant> inForce(Instant now, int limit) {
        return db.run("Read grant revocations", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT grant_hash, expires_at FROM revoked_grants WHERE expires_at > ? LIMIT ?")) {
                Columns.setInstant(select, 1, now);
                select.setInt(2, limit + 1);
                Map<String, Instant> entries = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.put(rows.getString("grant_hash"), Columns.getInstant(rows, "expires_at"));
                    }
                }
                return entries;
            }
        });
    }
}
