package io.authdesign.jdbc;

import io.authdesign.store.OrderedTokens;
import io.authdesign.store.RefreshRotation;
import io.authdesign.store.RefreshTokenRecord;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.UserGrant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RefreshTokenStore} in the {@code refresh_families} and {@code refresh_tokens} tables.
 *
 * <p>Why {@link #rotate} is race-free: it runs in one transaction that first locks the family's row
 * ({@code SELECT ... FOR UPDATE}), and every statement that changes a family or its tokens (rotation,
 * reuse, {@code revokeFamily}, {@code revokeGrant}) takes that same row lock first. So the operations on
 * one family run one after the other across every node; after the lock is granted the transaction reads
 * the token's state as the previous holder committed it (READ COMMITTED reads a fresh snapshot per
 * statement), decides, writes and commits, or rolls back whole. A token's family never changes, so the
 * unlocked lookup that finds which family to lock cannot go stale. On PostgreSQL the common case (an unused
 * token of a live family) is first tried in one statement that takes the same lock ({@code rotateUnused}); what it
 * does not settle goes to the transaction.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.14.2">RFC 9700 section 4.14.2</a>
 */
final class JdbcRefreshTokenStore implements RefreshTokenStore {

    private static final String TOKEN_COLUMNS = "token_hash, family_id, grant_id, client_id, subject, scopes,"
            + " auth_time, dpop_jkt, issued_at, expires_at, resources, sid";

    /** A token row: the record and its use. */
    private record TokenState(RefreshTokenRecord record, Instant usedAt, String successorHash) {}

    /** A family row, locked. */
    private record Family(Instant expiresAt, boolean revoked) {}

    private final Db db;
    private final Clock clock;

    JdbcRefreshTokenStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void save(RefreshTokenRecord record) {
        Objects.requireNonNull(record, "record");
        db.inTransaction("Save refresh token", connection -> {
            try (PreparedStatement family = connection.prepareStatement(
                    "INSERT INTO refresh_families (family_id, grant_id, revoked, expires_at) VALUES (?, ?, FALSE, ?)"
                            + " ON CONFLICT DO NOTHING")) {
                family.setString(1, record.familyId());
                family.setString(2, record.grantId());
                Columns.setInstant(family, 3, record.expiresAt());
                family.executeUpdate();
            }
            insertToken(connection, record);
            return null;
        });
    }

    private static void insertToken(Connection connection, RefreshTokenRecord record) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO refresh_tokens (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, record.tokenHash());
            insert.setString(2, record.familyId());
            insert.setString(3, record.grantId());
            insert.setString(4, record.clientId());
            insert.setString(5, record.subject());
            insert.setString(6, Columns.joinTokens(record.scopes()));
            Columns.setInstant(insert, 7, record.authTime());
            insert.setString(8, record.dpopJkt());
            Columns.setInstant(insert, 9, record.issuedAt());
            Columns.setInstant(insert, 10, record.expiresAt());
            insert.setString(11, Columns.joinTokens(record.resources()));
            insert.setString(12, record.sid());
            insert.executeUpdate();
        }
    }

    @Override
    public RefreshRotation rotate(String presented, String newToken, Instant now, Duration graceWindow) {
        Objects.requireNonNull(newToken, "newToken");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(graceWindow, "graceWindow");
        if (presented == null) {
            return new RefreshRotation.Unknown();
        }
        String hash = OrderedTokens.key(presented);
        Instant at = Columns.truncate(now);
        if (db.dialect() == Dialect.POSTGRESQL) {
            Optional<RefreshRotation> rotated =
                    db.run("Rotate refresh token", connection -> rotateUnused(connection, hash, newToken, at));
            if (rotated.isPresent()) {
                return rotated.get();
            }
        }
        return db.inTransaction("Rotate refresh token", connection -> {
            Optional<String> familyId = familyOf(connection, hash);
            Optional<Family> family = familyId.isEmpty() ? Optional.empty() : lockFamily(connection, familyId.get());
            TokenState state = family.isEmpty() ? null : token(connection, hash);
            if (state == null
                    || state.record().isExpiredAt(at)
                    || !at.isBefore(family.get().expiresAt())) {
                return new RefreshRotation.Unknown();
            }
            if (family.get().revoked()) {
                return new RefreshRotation.Revoked(state.record());
            }
            if (state.usedAt() == null) {
                return replace(connection, state, at, newToken, at);
            }
            if (isWithinGrace(connection, state, at, graceWindow)) {
                return replace(connection, state, state.usedAt(), newToken, at);
            }
            revoke(connection, "family_id", state.record().familyId());
            return new RefreshRotation.Reused(state.record());
        });
    }

    /**
     * Under the family's row lock like {@link #rotate}, so that it orders with a revocation or a rotation in
     * progress; it writes only to revoke the family of a used token.
     */
    @Override
    public RefreshRotation useWithoutRotation(String presented, Instant now) {
        Objects.requireNonNull(now, "now");
        if (presented == null) {
            return new RefreshRotation.Unknown();
        }
        String hash = OrderedTokens.key(presented);
        Instant at = Columns.truncate(now);
        return db.inTransaction("Use refresh token", connection -> {
            Optional<String> familyId = familyOf(connection, hash);
            Optional<Family> family = familyId.isEmpty() ? Optional.empty() : lockFamily(connection, familyId.get());
            TokenState state = family.isEmpty() ? null : token(connection, hash);
            if (state == null
                    || state.record().isExpiredAt(at)
                    || !at.isBefore(family.get().expiresAt())) {
                return new RefreshRotation.Unknown();
            }
            if (family.get().revoked()) {
                return new RefreshRotation.Revoked(state.record());
            }
            if (state.usedAt() == null) {
                return new RefreshRotation.Kept(state.record());
            }
            revoke(connection, "family_id", state.record().familyId());
            return new RefreshRotation.Reused(state.record());
        });
    }

    /**
     * The common case in one statement and one round trip (PostgreSQL, in autocommit): an unused, unexpired token
     * of a live family is marked used and its successor inserted, under the family's row lock like every other
     * change. Any other case (unknown, expired, revoked, used: reuse or the grace window) changes nothing here
     * and yields empty, and {@link #rotate} decides it in its transaction. A rotation of the same token that
     * commits first makes the {@code UPDATE}'s re-check of {@code used_at IS NULL} fail (READ COMMITTED re-reads
     * the row it waited for), and a revocation that commits first makes the family's re-checked
     * {@code NOT revoked} fail: both then fall to the transaction, which sees them.
     */
    private Optional<RefreshRotation> rotateUnused(Connection connection, String hash, String newToken, Instant at)
            throws SQLException {
        String returned = "t.token_hash, t.family_id, t.grant_id, t.client_id, t.subject, t.scopes, t.auth_time,"
                + " t.dpop_jkt, t.issued_at, t.expires_at, t.resources, t.sid";
        try (PreparedStatement rotate = connection.prepareStatement("WITH live AS ("
                + "SELECT f.family_id FROM refresh_tokens t JOIN refresh_families f ON f.family_id = t.family_id"
                + " WHERE t.token_hash = ? AND t.used_at IS NULL AND t.expires_at > ? AND f.expires_at > ?"
                + " AND f.revoked = FALSE FOR UPDATE OF f),"
                + " used AS (UPDATE refresh_tokens t SET used_at = ?, successor_hash = ? FROM live"
                + " WHERE t.token_hash = ? AND t.family_id = live.family_id AND t.used_at IS NULL"
                + " RETURNING " + returned + "),"
                + " next AS (INSERT INTO refresh_tokens (" + TOKEN_COLUMNS + ")"
                + " SELECT ?, family_id, grant_id, client_id, subject, scopes, auth_time, dpop_jkt, ?, expires_at,"
                + " resources, sid FROM used)"
                + " SELECT " + TOKEN_COLUMNS + " FROM used")) {
            String nextHash = OrderedTokens.key(newToken);
            rotate.setString(1, hash);
            Columns.setInstant(rotate, 2, at);
            Columns.setInstant(rotate, 3, at);
            Columns.setInstant(rotate, 4, at);
            rotate.setString(5, nextHash);
            rotate.setString(6, hash);
            rotate.setString(7, nextHash);
            Columns.setInstant(rotate, 8, at);
            try (ResultSet rows = rotate.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                RefreshTokenRecord used = record(rows);
                return Optional.of(new RefreshRotation.Rotated(used, used.successor(newToken, at)));
            }
        }
    }

    /** Issues the successor of {@code state}, superseding the one it had (used, without successor). */
    private static RefreshRotation replace(
            Connection connection, TokenState state, Instant usedAt, String newToken, Instant now) throws SQLException {
        RefreshTokenRecord next = state.record().successor(newToken, now);
        if (state.successorHash() != null) {
            markUsed(connection, state.successorHash(), now, null);
        }
        insertToken(connection, next);
        markUsed(connection, state.record().tokenHash(), usedAt, next.tokenHash());
        return new RefreshRotation.Rotated(state.record(), next);
    }

    private static void markUsed(Connection connection, String tokenHash, Instant usedAt, String successorHash)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE refresh_tokens SET used_at = ?, successor_hash = ? WHERE token_hash = ?")) {
            Columns.setInstant(update, 1, usedAt);
            update.setString(2, successorHash);
            update.setString(3, tokenHash);
            update.executeUpdate();
        }
    }

    /** Within the window after the first use, and the successor is the family's live token. */
    private static boolean isWithinGrace(Connection connection, TokenState state, Instant now, Duration graceWindow)
            throws SQLException {
        if (graceWindow.isNegative()
                || graceWindow.isZero()
                || state.successorHash() == null
                || !now.isBefore(state.usedAt().plus(graceWindow))) {
            return false;
        }
        TokenState successor = token(connection, state.successorHash());
        return successor != null && successor.usedAt() == null;
    }

    private static Optional<String> familyOf(Connection connection, String tokenHash) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT family_id FROM refresh_tokens WHERE token_hash = ?")) {
            select.setString(1, tokenHash);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private static Optional<Family> lockFamily(Connection connection, String familyId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT expires_at, revoked FROM refresh_families WHERE family_id = ? FOR UPDATE")) {
            select.setString(1, familyId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Family(Columns.getInstant(rows, "expires_at"), rows.getBoolean("revoked")))
                        : Optional.empty();
            }
        }
    }

    private static TokenState token(Connection connection, String tokenHash) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + TOKEN_COLUMNS + ", used_at, successor_hash FROM refresh_tokens WHERE token_hash = ?")) {
            select.setString(1, tokenHash);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                RefreshTokenRecord record = record(rows);
                return new TokenState(
                        record, Columns.getInstant(rows, 13), rows.getString(14)); // used_at, successor_hash
            }
        }
    }

    /**
     * The record of a row whose first columns are {@link #TOKEN_COLUMNS}, in that order, read by position: a
     * rotation reads two records, and a lookup by name builds the driver's map of the result's column names
     * for each.
     */
    private static RefreshTokenRecord record(ResultSet rows) throws SQLException {
        return new RefreshTokenRecord(
                rows.getString(1), // token_hash
                rows.getString(2), // family_id
                rows.getString(3), // grant_id
                rows.getString(4), // client_id
                rows.getString(5), // subject
                Columns.splitTokens(rows.getString(6)), // scopes
                Columns.getInstant(rows, 7), // auth_time
                rows.getString(8), // dpop_jkt
                Columns.getInstant(rows, 9), // issued_at
                Columns.getInstant(rows, 10), // expires_at
                Columns.splitTokens(rows.getString(11)), // resources
                rows.getString(12)); // sid
    }

    @Override
    public Optional<RefreshTokenRecord> find(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return db.run("Find refresh token", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT t."
                    + TOKEN_COLUMNS.replace(", ", ", t.") + " FROM refresh_tokens t"
                    + " JOIN refresh_families f ON f.family_id = t.family_id WHERE t.token_hash = ?"
                    + " AND t.used_at IS NULL AND t.expires_at > ? AND f.expires_at > ? AND f.revoked = FALSE")) {
                select.setString(1, OrderedTokens.key(presented));
                Columns.setInstant(select, 2, now);
                Columns.setInstant(select, 3, now);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(record(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void revokeFamily(String familyId) {
        if (familyId != null) {
            db.run("Revoke refresh token family", connection -> revoke(connection, "family_id", familyId));
        }
    }

    @Override
    public void revokeGrant(String grantId) {
        if (grantId != null) {
            db.run("Revoke refresh tokens of grant", connection -> revoke(connection, "grant_id", grantId));
        }
    }

    /** One UPDATE, which takes each family's row lock, so it waits for a rotation in progress. */
    private static int revoke(Connection connection, String column, String value) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE refresh_families SET revoked = TRUE WHERE " + column + " = ?")) {
            update.setString(1, value);
            return update.executeUpdate();
        }
    }

    @Override
    public List<UserGrant> grantsOf(String subject, Instant now) {
        if (subject == null) {
            return List.of();
        }
        return db.run("List grants of a user", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT t.grant_id, t.client_id, t."
                    + "scopes, f.expires_at AS family_expires_at FROM refresh_tokens t JOIN refresh_families f ON f.family_id = t.family_id"
                    + " WHERE t.subject = ? AND t.used_at IS NULL AND t.expires_at > ? AND f.expires_at > ?"
                    + " AND f.revoked = FALSE")) {
                select.setString(1, subject);
                Columns.setInstant(select, 2, now);
                Columns.setInstant(select, 3, now);
                java.util.Map<String, UserGrant> grants = new java.util.LinkedHashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        grants.putIfAbsent(
                                rows.getString(1),
                                new UserGrant(
                                        rows.getString(1),
                                        rows.getString(2),
                                        Columns.splitTokens(rows.getString(3)),
                                        Columns.getInstant(rows, "family_expires_at")));
                    }
                }
                return List.copyOf(grants.values());
            }
        });
    }
}
