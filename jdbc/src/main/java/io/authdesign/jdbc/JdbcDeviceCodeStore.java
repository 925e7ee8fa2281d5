package io.authdesign.jdbc;

import io.authdesign.store.DeviceAuthorization;
import io.authdesign.store.DeviceAuthorization.Status;
import io.authdesign.store.DeviceCodeStore;
import io.authdesign.store.DevicePoll;
import io.authdesign.store.TokenHashes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link DeviceCodeStore} in the {@code device_authorizations} table.
 *
 * <ul>
 *   <li>The user code column is unique; an expired authorization gives its user code up (set to null) when
 *       a new one needs it, so a live user code belongs to one authorization and {@link #save} needs no
 *       read-then-write.
 *   <li>{@link #approve} and {@link #deny} are one conditional {@code UPDATE ... WHERE status = 'PENDING'}.
 *   <li>{@link #poll} first tries the redemption as one statement ({@code UPDATE ... SET status =
 *       'REDEEMED' WHERE status = 'APPROVED' ... RETURNING}); only if that changed nothing does it lock
 *       the row ({@code SELECT ... FOR UPDATE}) to answer and record a pending poll. Approval, denial and
 *       every poll of one device code thus queue on its row lock.
 * </ul>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.5">RFC 8628 section 3.5</a>
 */
final class JdbcDeviceCodeStore implements DeviceCodeStore {

    private static final String COLUMNS = "device_code_hash, user_code_hash, client_id, scopes, interval_ms, status,"
            + " subject, auth_time, last_polled_at, expires_at, grant_id";

    private final Db db;
    private final Clock clock;
    private final String redeemSql;

    JdbcDeviceCodeStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.redeemSql = db.dialect()
                .returning(
                        "UPDATE device_authorizations SET status = 'REDEEMED' WHERE device_code_hash = ?"
                                + " AND status = 'APPROVED' AND expires_at > ?",
                        COLUMNS);
    }

    @Override
    public void save(DeviceAuthorization authorization) {
        Objects.requireNonNull(authorization, "authorization");
        Instant now = clock.instant();
        db.inTransaction("Save device authorization", connection -> {
            try (PreparedStatement release = connection.prepareStatement(
                    "UPDATE device_authorizations SET user_code_hash = NULL WHERE user_code_hash = ? AND expires_at <= ?")) {
                release.setString(1, authorization.userCodeHash());
                Columns.setInstant(release, 2, now);
                release.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO device_authorizations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, authorization.deviceCodeHash());
                insert.setString(2, authorization.userCodeHash());
                insert.setString(3, authorization.clientId());
                insert.setString(4, Columns.joinTokens(authorization.scopes()));
                insert.setLong(5, authorization.interval().toMillis());
                insert.setString(6, authorization.status().name());
                insert.setString(7, authorization.subject());
                Columns.setInstant(insert, 8, authorization.authTime());
                Columns.setInstant(insert, 9, authorization.lastPolledAt());
                Columns.setInstant(insert, 10, authorization.expiresAt());
                insert.setString(11, authorization.grantId());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public int countActive(String clientId, Instant now) {
        Objects.requireNonNull(clientId, "clientId");
        return db.run("Count device authorizations", connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM device_authorizations WHERE client_id = ? AND expires_at > ?")) {
                count.setString(1, clientId);
                Columns.setInstant(count, 2, now);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    @Override
    public Optional<DeviceAuthorization> findByUserCodeHash(String userCodeHash) {
        if (userCodeHash == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return db.run("Find device authorization", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM device_authorizations WHERE user_code_hash = ? AND expires_at > ?")) {
                select.setString(1, userCodeHash);
                Columns.setInstant(select, 2, now);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(authorization(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean approve(String userCodeHash, String subject, Set<String> scopes, Instant authTime) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(authTime, "authTime");
        if (userCodeHash == null) {
            return false;
        }
        Instant now = clock.instant();
        return db.run("Approve device authorization", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE device_authorizations SET status = 'APPROVED', subject = ?, scopes = ?, auth_time = ?"
                            + " WHERE user_code_hash = ? AND status = 'PENDING' AND expires_at > ?")) {
                update.setString(1, subject);
                update.setString(2, Columns.joinTokens(scopes));
                Columns.setInstant(update, 3, authTime);
                update.setString(4, userCodeHash);
                Columns.setInstant(update, 5, now);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean deny(String userCodeHash) {
        if (userCodeHash == null) {
            return false;
        }
        Instant now = clock.instant();
        return db.run("Deny device authorization", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE device_authorizations"
                    + " SET status = 'DENIED' WHERE user_code_hash = ? AND status = 'PENDING' AND expires_at > ?")) {
                update.setString(1, userCodeHash);
                Columns.setInstant(update, 2, now);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public DevicePoll poll(String deviceCode, String clientId, Instant now) {
        Objects.requireNonNull(now, "now");
        if (deviceCode == null || clientId == null) {
            return new DevicePoll.Unknown();
        }
        String hash = TokenHashes.sha256(deviceCode);
        Instant at = Columns.truncate(now);
        return db.inTransaction("Poll device authorization", connection -> {
            // A code polled by another client is unknown to it and changes nothing; the client of a row
            // never changes, so reading it first cannot race.
            if (!ownedBy(connection, hash, clientId)) {
                return new DevicePoll.Unknown();
            }
            Optional<DevicePoll> redeemed = redeem(connection, hash, at);
            if (redeemed.isPresent()) {
                return redeemed.get();
            }
            Optional<Locked> locked = lock(connection, hash);
            if (locked.isEmpty()) {
                return new DevicePoll.Unknown();
            }
            if (!at.isBefore(locked.get().expiresAt())) {
                return new DevicePoll.Expired();
            }
            DeviceAuthorization authorization = locked.get().authorization();
            return switch (authorization.status()) {
                case DENIED -> new DevicePoll.Denied();
                case REDEEMED -> new DevicePoll.AlreadyRedeemed(authorization);
                case APPROVED -> redeem(connection, hash, at).orElseThrow();
                case PENDING -> pollPending(connection, authorization, at);
            };
        });
    }

    private static boolean ownedBy(Connection connection, String hash, String clientId) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT client_id FROM device_authorizations WHERE device_code_hash = ?")) {
            select.setString(1, hash);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() && clientId.equals(rows.getString(1));
            }
        }
    }

    /** The redemption of an approved, unexpired authorization, as one statement. */
    private Optional<DevicePoll> redeem(Connection connection, String hash, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(redeemSql)) {
            update.setString(1, hash);
            Columns.setInstant(update, 2, now);
            try (ResultSet rows = update.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DevicePoll.Approved(authorization(rows).withStatus(Status.APPROVED)));
            }
        }
    }

    /**
     * A locked row: its expiry, and the authorization unless it expired and gave its user code to a newer
     * one (then only the expiry is left to answer {@code expired_token}).
     */
    private record Locked(Instant expiresAt, DeviceAuthorization authorization) {}

    private static Optional<Locked> lock(Connection connection, String hash) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM device_authorizations WHERE device_code_hash = ? FOR UPDATE")) {
            select.setString(1, hash);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Instant expiresAt = Columns.getInstant(rows, "expires_at");
                DeviceAuthorization authorization =
                        rows.getString("user_code_hash") == null ? null : authorization(rows);
                return Optional.of(new Locked(expiresAt, authorization));
            }
        }
    }

    private static DevicePoll pollPending(Connection connection, DeviceAuthorization authorization, Instant now)
            throws SQLException {
        boolean tooSoon = authorization.isTooSoon(now);
        Duration interval =
                tooSoon ? authorization.interval().plus(DeviceAuthorization.SLOW_DOWN_STEP) : authorization.interval();
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE device_authorizations SET last_polled_at = ?, interval_ms = ? WHERE device_code_hash = ?")) {
            Columns.setInstant(update, 1, now);
            update.setLong(2, interval.toMillis());
            update.setString(3, authorization.deviceCodeHash());
            update.executeUpdate();
        }
        return tooSoon ? new DevicePoll.SlowDown(interval) : new DevicePoll.Pending();
    }

    private static DeviceAuthorization authorization(ResultSet rows) throws SQLException {
        return new DeviceAuthorization(
                rows.getString("device_code_hash"),
                rows.getString("user_code_hash"),
                rows.getString("client_id"),
                Columns.splitTokens(rows.getString("scopes")),
                Duration.ofMillis(rows.getLong("interval_ms")),
                Status.valueOf(rows.getString("status")),
                rows.getString("subject"),
                Columns.getInstant(rows, "auth_time"),
                Columns.getInstant(rows, "last_polled_at"),
                Columns.getInstant(rows, "expires_at"),
                rows.getString("grant_id"));
    }
}
