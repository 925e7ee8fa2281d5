package io.authdesign.jdbc;

import io.authdesign.store.EndedSession;
import io.authdesign.store.SessionGrant;
import io.authdesign.store.SessionStore;
import io.authdesign.store.TokenHashes;
import io.authdesign.store.UserSession;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link SessionStore} in the {@code sessions} table, keyed by the hash of the 256-bit session id, with
 * the grants of each session in {@code session_grants} by its {@code sid}. {@link #end} locks the session's
 * row ({@code SELECT ... FOR UPDATE}) before deleting it, so of concurrent logouts one finds it.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#Authenticates">OpenID Connect Core
 *     1.0 section 3.1.2.3</a>
 */
final class JdbcSessionStore implements SessionStore {

    private static final String COLUMNS = "subject, auth_time, acr, amr, expires_at, sid";

    private final Db db;
    private final Clock clock;
    private final SecureRandom random;

    JdbcSessionStore(Db db, Clock clock, SecureRandom random) {
        this.db = db;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public UserSession create(String subject, Instant authTime, String acr, Set<String> amr, Duration ttl) {
        UserSession session = session(subject, authTime, acr, amr, ttl, newId());
        db.run("Create session", connection -> insert(connection, session));
        return session;
    }

    @Override
    public UserSession renew(UserSession session, Instant authTime, String acr, Set<String> amr, Duration ttl) {
        Objects.requireNonNull(session, "session");
        UserSession renewed = session(session.subject(), authTime, acr, amr, ttl, session.sid());
        return db.inTransaction("Renew session", connection -> {
            if (delete(connection, session.id(), session.sid()) == 0) {
                // ended meanwhile (a logout in another tab): the sign-in starts a new session
                UserSession fresh = session(session.subject(), authTime, acr, amr, ttl, newId());
                insert(connection, fresh);
                return fresh;
            }
            insert(connection, renewed);
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE session_grants SET expires_at = ? WHERE sid = ?")) {
                Columns.setInstant(update, 1, renewed.expiresAt());
                update.setString(2, renewed.sid());
                update.executeUpdate();
            }
            return renewed;
        });
    }

    private UserSession session(
            String subject, Instant authTime, String acr, Set<String> amr, Duration ttl, String sid) {
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A session lifetime must be positive");
        }
        return new UserSession(
                newId(),
                subject,
                Columns.truncate(authTime),
                acr,
                amr,
                Columns.truncate(clock.instant().plus(ttl)),
                sid);
    }

    private static int insert(Connection connection, UserSession session) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO sessions (id_hash, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, TokenHashes.sha256(session.id()));
            insert.setString(2, session.subject());
            Columns.setInstant(insert, 3, session.authTime());
            insert.setString(4, session.acr());
            insert.setString(5, Columns.joinTokens(session.amr()));
            Columns.setInstant(insert, 6, session.expiresAt());
            insert.setString(7, session.sid());
            return insert.executeUpdate();
        }
    }

    @Override
    public Optional<UserSession> find(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return db.run("Find session", connection -> select(connection, sessionId, now, false));
    }

    /** The live session, locked for the transaction when {@code lock}; one without sid predates V55. */
    private static Optional<UserSession> select(Connection connection, String sessionId, Instant now, boolean lock)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM sessions WHERE id_hash = ? AND expires_at > ? AND sid IS NOT NULL"
                + (lock ? " FOR UPDATE" : ""))) {
            select.setString(1, TokenHashes.sha256(sessionId));
            Columns.setInstant(select, 2, now);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new UserSession(
                        sessionId,
                        rows.getString("subject"),
                        Columns.getInstant(rows, "auth_time"),
                        rows.getString("acr"),
                        Columns.splitTokens(rows.getString("amr")),
                        Columns.getInstant(rows, "expires_at"),
                        rows.getString("sid")));
            }
        }
    }

    @Override
    public boolean isActive(String sid) {
        if (sid == null) {
            return false;
        }
        Instant now = clock.instant();
        return db.run("Find session by sid", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT 1 FROM sessions WHERE sid = ? AND expires_at > ?")) {
                select.setString(1, sid);
                Columns.setInstant(select, 2, now);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public void recordGrant(UserSession session, SessionGrant grant) {
        Objects.requireNonNull(grant, "grant");
        Instant now = Columns.truncate(clock.instant());
        db.run("Record session grant", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO session_grants"
                    + " (sid, grant_id, client_id, offline, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, session.sid());
                insert.setString(2, grant.grantId());
                insert.setString(3, grant.clientId());
                insert.setBoolean(4, grant.offline());
                Columns.setInstant(insert, 5, now);
                Columns.setInstant(insert, 6, session.expiresAt());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<EndedSession> end(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return db.inTransaction("End session", connection -> {
            Optional<UserSession> session = select(connection, sessionId, now, true);
            if (session.isEmpty()) {
                delete(connection, sessionId, null); // an expired or pre-V55 row goes all the same
                return Optional.empty();
            }
            delete(connection, sessionId, null);
            List<SessionGrant> grants = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT grant_id, client_id, offline"
                    + " FROM session_grants WHERE sid = ? ORDER BY created_at, grant_id")) {
                select.setString(1, session.get().sid());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        grants.add(new SessionGrant(
                                rows.getString("client_id"), rows.getString("grant_id"), rows.getBoolean("offline")));
                    }
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM session_grants WHERE sid = ?")) {
                delete.setString(1, session.get().sid());
                delete.executeUpdate();
            }
            return Optional.of(new EndedSession(session.get(), grants));
        });
    }

    /** Deletes the session row, when {@code sid} is given only if it still has that sid. */
    private static int delete(Connection connection, String sessionId, String sid) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM sessions WHERE id_hash = ?" + (sid == null ? "" : " AND sid = ?"))) {
            delete.setString(1, TokenHashes.sha256(sessionId));
            if (sid != null) {
                delete.setString(2, sid);
            }
            return delete.executeUpdate();
        }
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
