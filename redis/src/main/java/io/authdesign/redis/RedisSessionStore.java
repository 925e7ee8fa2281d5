package io.authdesign.redis;

import io.authdesign.store.EndedSession;
import io.authdesign.store.SessionGrant;
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
 * A {@link SessionStore} on Redis: each session a hash under {@code session:<hash of the id>}, its {@code
 * sid} under {@code session-sid:<sid>} (naming the session's hash) and its grants in the list {@code
 * session-grants:<sid>}, all three expiring with the session (PX), each change one script.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#Authenticates">OpenID Connect Core
 *     1.0 section 3.1.2.3</a>
 */
final class RedisSessionStore implements SessionStore {

    private static final Redis.Script CREATE = Redis.Script.of("""
            redis.call('HSET', KEYS[1], unpack(ARGV, 3))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[1])
            return 1
            """);

    /** Replaces the session only if it still has this sid (not ended meanwhile); its grants live on. */
    private static final Redis.Script RENEW = Redis.Script.of("""
            if redis.call('HGET', KEYS[1], 'sid') ~= ARGV[3] then
              return 0
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[2], unpack(ARGV, 4))
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[1])
            redis.call('PEXPIRE', KEYS[4], ARGV[1])
            return 1
            """);

    /** Appends a grant while the session lives, for as long as it lives. */
    private static final Redis.Script RECORD = Redis.Script.of("""
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl <= 0 then
              return 0
            end
            redis.call('RPUSH', KEYS[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ttl)
            return 1
            """);

    /** Takes the session away: of concurrent calls, one gets its fields. */
    private static final Redis.Script TAKE = Redis.Script.of("""
            local fields = redis.call('HGETALL', KEYS[1])
            if #fields > 0 then
              redis.call('DEL', KEYS[1])
            end
            return fields
            """);

    /** Takes the grants of the session just taken, and its sid. */
    private static final Redis.Script TAKE_GRANTS = Redis.Script.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
            end
            local grants = redis.call('LRANGE', KEYS[2], 0, -1)
            redis.call('DEL', KEYS[2])
            return grants
            """);

    /** The hash tag of every key of this store (Redis Cluster). */
    static final String SESSION_TAG = "{session}:";

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
        Instant now = clock.instant();
        UserSession session = session(subject, authTime, acr, amr, ttl, newId(), now);
        List<String> args = new ArrayList<>();
        args.add(Redis.ttlMillis(now, session.expiresAt()));
        args.add(TokenHashes.sha256(session.id()));
        args.addAll(fields(session));
        redis.<Long>eval(
                "Create session",
                CREATE,
                ScriptOutputType.INTEGER,
                new String[] {key(session.id()), sidKey(session.sid())},
                args.toArray(String[]::new));
        return session;
    }

    @Override
    public UserSession renew(UserSession session, Instant authTime, String acr, Set<String> amr, Duration ttl) {
        Objects.requireNonNull(session, "session");
        Instant now = clock.instant();
        UserSession renewed = session(session.subject(), authTime, acr, amr, ttl, session.sid(), now);
        List<String> args = new ArrayList<>();
        args.add(Redis.ttlMillis(now, renewed.expiresAt()));
        args.add(TokenHashes.sha256(renewed.id()));
        args.add(session.sid());
        args.addAll(fields(renewed));
        Long done = redis.eval(
                "Renew session",
                RENEW,
                ScriptOutputType.INTEGER,
                new String[] {key(session.id()), key(renewed.id()), sidKey(session.sid()), grantsKey(session.sid())},
                args.toArray(String[]::new));
        // ended meanwhile (a logout in another tab): the sign-in starts a new session
        return done == 1 ? renewed : create(session.subject(), authTime, acr, amr, ttl);
    }

    private UserSession session(
            String subject, Instant authTime, String acr, Set<String> amr, Duration ttl, String sid, Instant now) {
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A session lifetime must be positive");
        }
        return new UserSession(
                newId(),
                subject,
                authTime.truncatedTo(ChronoUnit.MICROS),
                acr,
                amr,
                now.plus(ttl).truncatedTo(ChronoUnit.MICROS),
                sid);
    }

    private static List<String> fields(UserSession session) {
        return Redis.pairs(
                "subject", session.subject(),
                "auth_time", Redis.micros(session.authTime()),
                "acr", session.acr(),
                "amr", Redis.joinTokens(session.amr()),
                "expires_at", Redis.micros(session.expiresAt()),
                "sid", session.sid());
    }

    @Override
    public Optional<UserSession> find(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        Map<String, String> fields = redis.call("Find session", r -> r.hgetall(key(sessionId)));
        return session(sessionId, fields);
    }

    /** The live session of these fields; one without sid predates logout support and is not found. */
    private Optional<UserSession> session(String sessionId, Map<String, String> fields) {
        if (fields.isEmpty() || fields.get("sid") == null) {
            return Optional.empty();
        }
        UserSession session = new UserSession(
                sessionId,
                fields.get("subject"),
                Redis.instant(fields.get("auth_time")),
                fields.get("acr"),
                Redis.splitTokens(fields.get("amr")),
                Redis.instant(fields.get("expires_at")),
                fields.get("sid"));
        return session.isExpiredAt(clock.instant()) ? Optional.empty() : Optional.of(session);
    }

    @Override
    public boolean isActive(String sid) {
        if (sid == null) {
            return false;
        }
        String hash = redis.call("Find session by sid", r -> r.get(sidKey(sid)));
        String expiresAt = hash == null
                ? null
                : redis.call(
                        "Find session by sid", r -> r.hget(redis.key(SESSION_TAG + "session", hash), "expires_at"));
        return expiresAt != null && clock.instant().isBefore(Redis.instant(expiresAt));
    }

    @Override
    public void recordGrant(UserSession session, SessionGrant grant) {
        Objects.requireNonNull(grant, "grant");
        redis.<Long>eval(
                "Record session grant",
                RECORD,
                ScriptOutputType.INTEGER,
                new String[] {sidKey(session.sid()), grantsKey(session.sid())},
                (grant.offline() ? "1" : "0") + "|" + grant.grantId() + "|" + grant.clientId());
    }

    @Override
    public Optional<EndedSession> end(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        List<Object> flat = redis.eval("End session", TAKE, ScriptOutputType.MULTI, new String[] {key(sessionId)});
        Optional<UserSession> session = session(sessionId, Redis.fields(flat, 0));
        if (session.isEmpty()) {
            return Optional.empty();
        }
        String sid = session.get().sid();
        List<Object> entries = redis.eval(
                "End session grants",
                TAKE_GRANTS,
                ScriptOutputType.MULTI,
                new String[] {sidKey(sid), grantsKey(sid)},
                TokenHashes.sha256(sessionId));
        List<SessionGrant> grants = new ArrayList<>();
        for (Object entry : entries) {
            String[] parts = ((String) entry).split("\\|", 3);
            grants.add(new SessionGrant(parts[2], parts[1], "1".equals(parts[0])));
        }
        return Optional.of(new EndedSession(session.get(), grants));
    }

    /*
     * Every key of this store carries the hash tag {session}: renewal and logout touch a session, its sid
     * and its grants in one script, and Redis Cluster runs a script only on keys of one hash slot.
     */

    private String key(String sessionId) {
        return redis.key(SESSION_TAG + "session", TokenHashes.sha256(sessionId));
    }

    private String sidKey(String sid) {
        return redis.key(SESSION_TAG + "session-sid", sid);
    }

    private String grantsKey(String sid) {
        return redis.key(SESSION_TAG + "session-grants", sid);
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
