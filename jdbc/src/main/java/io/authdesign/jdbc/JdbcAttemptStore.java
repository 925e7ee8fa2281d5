package io.authdesign.jdbc;

import io.authdesign.store.AttemptStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link AttemptStore} in {@code attempts}. A failure is one conditional {@code UPDATE} that restarts
 * an expired count and returns the new one (atomic under the row lock, the same statement on PostgreSQL
 * and H2); for a key without a row, an {@code INSERT ... ON CONFLICT DO NOTHING}, and when a concurrent
 * insert of the same key won, the update again.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10.10">RFC 6749 section 10.10</a>
 */
final class JdbcAttemptStore implements AttemptStore {

    private final Db db;

    JdbcAttemptStore(Db db) {
        this.db = db;
    }

    @Override
    public Attempts recordFailure(String key, Instant now, Duration ttl) {
        AttemptStore.check(key, ttl);
        Instant at = Columns.truncate(Objects.requireNonNull(now, "now"));
        Instant expiresAt = Columns.truncate(now.plus(ttl));
        return db.run("Record failed attempt", connection -> {
            for (int round = 0; round < 3; round++) {
                Optional<Attempts> updated = update(connection, key, at, expiresAt);
                if (updated.isPresent()) {
                    return updated.get();
                }
                if (insert(connection, key, at, expiresAt)) {
                    return new Attempts(1, at);
                }
            }
            throw new SQLException("The attempt row of a key kept changing", "40001");
        });
    }

    private Optional<Attempts> update(Connection connection, String key, Instant at, Instant expiresAt)
            throws SQLException {
        String sql = db.dialect()
                .returning(
                        "UPDATE attempts SET failures = CASE WHEN expires_at <= ? THEN 1 ELSE failures + 1 END,"
                                + " last_failure_at = ?, expires_at = ? WHERE attempt_key = ?",
                        "failures, last_failure_at");
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            Columns.setInstant(update, 1, at);
            Columns.setInstant(update, 2, at);
            Columns.setInstant(update, 3, expiresAt);
            update.setString(4, key);
            try (ResultSet rows = update.executeQuery()) {
                return rows.next()
                        ? Optional.of(
                                new Attempts(rows.getInt("failures"), Columns.getInstant(rows, "last_failure_at")))
                        : Optional.empty();
            }
        }
    }

    private static boolean insert(Connection connection, String key, Instant at, Instant expiresAt)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO attempts (attempt_key, failures, last_failure_at, expires_at) VALUES (?, 1, ?, ?)"
                        + " ON CONFLICT DO NOTHING")) {
            insert.setString(1, key);
            Columns.setInstant(insert, 2, at);
            Columns.setInstant(insert, 3, expiresAt);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            if (Db.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Attempts> find(String key, Instant now) {
        Objects.requireNonNull(now, "now");
        if (key == null) {
            return Optional.empty();
        }
        return db.run("Find attempts", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT failures, last_failure_at FROM attempts WHERE attempt_key = ? AND expires_at > ?")) {
                select.setString(1, key);
                Columns.setInstant(select, 2, now);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(
                                    new Attempts(rows.getInt("failures"), Columns.getInstant(rows, "last_failure_at")))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void clear(String key) {
        if (key == null) {
            return;
        }
        db.run("Clear attempts", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM attempts WHERE attempt_key = ?")) {
                delete.setString(1, key);
                return delete.executeUpdate();
            }
        });
    }
}
