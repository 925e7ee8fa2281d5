package io.authdesign.jdbc;

import io.authdesign.replay.ReplayStore;
import io.authdesign.store.TokenHashes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link ReplayStore} in {@code replay_entries}, keyed by the SHA-256 of the value (a {@code jti} may be
 * long; the hash keeps the key's index small). The first insert wins; an expired entry may be replaced.
 *
 * <ul>
 *   <li>PostgreSQL: one statement, {@code INSERT ... ON CONFLICT (value_hash) DO UPDATE ... WHERE
 *       expires_at <= now}: it changes a row (count 1) only for a new value or an expired entry.
 *   <li>H2: {@code INSERT ... ON CONFLICT DO NOTHING} (count 1 for a new value), and for a value already
 *       there, a conditional {@code UPDATE ... WHERE expires_at <= now} of the expired entry, which one
 *       caller wins under the row lock.
 * </ul>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7523#section-3">RFC 7523 section 3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-11.1">RFC 9449 section 11.1</a>
 */
final class JdbcReplayStore implements ReplayStore {

    private final Db db;
    private final Clock clock;

    JdbcReplayStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public boolean add(String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ttl, "ttl");
        String hash = TokenHashes.sha256(value);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        return db.run("Record one-time value", connection -> switch (db.dialect()) {
            case POSTGRESQL -> {
                try (PreparedStatement upsert = connection.prepareStatement(
                        "INSERT INTO replay_entries (value_hash, expires_at) VALUES (?, ?) ON CONFLICT (value_hash)"
                                + " DO UPDATE SET expires_at = EXCLUDED.expires_at"
                                + " WHERE replay_entries.expires_at <= ?")) {
                    upsert.setString(1, hash);
                    Columns.setInstant(upsert, 2, expiresAt);
                    Columns.setInstant(upsert, 3, now);
                    yield upsert.executeUpdate() == 1;
                }
            }
            case H2 -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO replay_entries (value_hash, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                    insert.setString(1, hash);
                    Columns.setInstant(insert, 2, expiresAt);
                    if (insert.executeUpdate() == 1) {
                        yield true;
                    }
                } catch (SQLException e) {
                    // a concurrent insert of the same value won: fall through to the expired-entry check
                    if (!Db.isUniqueViolation(e)) {
                        throw e;
                    }
                }
                yield replaceExpired(connection, hash, now, expiresAt);
            }
        });
    }

    private static boolean replaceExpired(Connection connection, String hash, Instant now, Instant expiresAt)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE replay_entries SET expires_at = ? WHERE value_hash = ? AND expires_at <= ?")) {
            Columns.setInstant(update, 1, expiresAt);
            update.setString(2, hash);
            Columns.setInstant(update, 3, now);
            return update.executeUpdate() == 1;
        }
    }
}
