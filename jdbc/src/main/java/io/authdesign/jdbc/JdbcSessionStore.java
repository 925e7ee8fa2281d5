package io.authdesign.jdbc;

import io.authdesign.store.SessionStore;
import io.authdesign.store.TokenHashes;
import io.authdesign.store.UserSession;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link SessionStore} in the {@code sessions} table, keyed by the hash of the 256-bit session id.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#Authenticates">OpenID Connect Core
 *     1.0 section 3.1.2.3</a>
 */
final class JdbcSessionStore implements SessionStore {

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
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A session lifetime must be positive");
        }
        UserSession session = new UserSession(
                newId(),
                subject,
                Columns.truncate(authTime),
                acr,
                amr,
                Columns.truncate(clock.instant().plus(ttl)));
        db.run("Create session", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO sessions (id_hash, subject, auth_time, acr, amr, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, TokenHashes.sha256(session.id()));
                insert.setString(2, session.subject());
                Columns.setInstant(insert, 3, session.authTime());
                insert.setString(4, session.acr());
                insert.setString(5, Columns.joinTokens(session.amr()));
                Columns.setInstant(insert, 6, session.expiresAt());
                return insert.executeUpdate();
            }
        });
        return session;
    }

    @Override
    public Optional<UserSession> find(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return db.run("Find session", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT subject, auth_time, acr, amr,"
                    + " expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?")) {
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
                            Columns.getInstant(rows, "expires_at")));
                }
            }
        });
    }

    @Override
    public void delete(String sessionId) {
        if (sessionId == null) {
            return;
        }
        db.run("Delete session", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM sessions WHERE id_hash = ?")) {
                delete.setString(1, TokenHashes.sha256(sessionId));
                return delete.executeUpdate();
            }
        });
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
