package io.authdesign.jdbc;

import io.authdesign.keys.JwksRotationTimestampStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link JwksRotationTimestampStore} in the one row of {@code key_rotation}, created by the migration.
 * {@link #claimRotation} is a single conditional {@code UPDATE}: concurrent claims queue on the row lock
 * and each re-checks the condition against the row the previous one committed, so of any number of
 * nodes claiming the same interval exactly one updates the row (update count 1) and rotates.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
 */
final class JdbcRotationTimestampStore implements JwksRotationTimestampStore {

    private final Db db;

    JdbcRotationTimestampStore(Db db) {
        this.db = db;
    }

    @Override
    public Optional<Instant> getLastTimestamp() {
        return db.run("Read the key rotation time", connection -> {
            try (PreparedStatement select =
                            connection.prepareStatement("SELECT last_rotated_at FROM key_rotation WHERE id = 1");
                    ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.ofNullable(Columns.getInstant(rows, "last_rotated_at"))
                        : Optional.empty();
            }
        });
    }

    @Override
    public boolean claimRotation(Instant now, Duration interval) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(interval, "interval");
        return db.run("Claim key rotation", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE key_rotation SET last_rotated_at = ?"
                    + " WHERE id = 1 AND (last_rotated_at IS NULL OR last_rotated_at <= ?)")) {
                Columns.setInstant(update, 1, now);
                Columns.setInstant(update, 2, now.minus(interval));
                return update.executeUpdate() == 1;
            }
        });
    }
}
