package io.authdesign.redis;

import io.authdesign.store.SessionStore;
import io.authdesign.store.TokenHashes;
import io.authdesign.store.UserSession;
import io.lettuce.core.ScriptOutputType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link SessionStore} on Redis: each session a hash under {@code session:<hash of the id>}, created
 * with its expiry (PX) in one script so no session outlives its lifetime.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#Authenticates">OpenID Connect Core
 *     1.0 section 3.1.2.3</a>
 */
final class RedisSessionStore implements SessionStore {

    private static final Redis.Script CREATE = Redis.Script.of("""
            redis.call('HSET', KEYS[1], unpack(ARGV, 2))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1
            """);

    private final Redis redis;
    private final Clock clock;
    private final SecureRandom random;

    RedisSessionStore(Redis redis, Clock clock, SecureRandom random) {
        this.redis = redis;
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
        Instant now = clock.instant();
        UserSession session = new UserSession(
                newId(),
                subject,
                authTime.truncatedTo(ChronoUnit.MICROS),
                acr,
                amr,
                now.plus(ttl).truncatedTo(ChronoUnit.MICROS));
        List<String> args = new ArrayList<>();
        args.add(Redis.ttlMillis(now, session.expiresAt()));
        args.addAll(Redis.pairs(
                "subject", session.subject(),
                "auth_time", Redis.micros(session.authTime()),
                "acr", session.acr(),
                "amr", Redis.joinTokens(session.amr()),
                "expires_at", Redis.micros(session.expiresAt())));
        redis.<Long>eval(
                "Create session",
                CREATE,
                ScriptOutputType.INTEGER,
                new String[] {key(session.id())},
                args.toArray(String[]::new));
        return session;
    }

    @Override
    public Optional<UserSession> find(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        Map<String, String> fields = redis.call("Find session", r -> r.hgetall(key(sessionId)));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        UserSession session = new UserSession(
                sessionId,
                fields.get("subject"),
                Redis.instant(fields.get("auth_time")),
                fields.get("acr"),
                Redis.splitTokens(fields.get("amr")),
                Redis.instant(fields.get("expires_at")));
        return session.isExpiredAt(clock.instant()) ? Optional.empty() : Optional.of(session);
    }

    @Override
    public void delete(String sessionId) {
        if (sessionId != null) {
            redis.call("Delete session", r -> r.del(key(sessionId)));
        }
    }

    private String key(String sessionId) {
        return redis.key("session", TokenHashes.sha256(sessionId));
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
