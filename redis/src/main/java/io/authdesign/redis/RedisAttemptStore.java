package io.authdesign.redis;

import io.authdesign.store.AttemptStore;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link AttemptStore} on Redis: each key a hash under {@code attempt:<key>} with its count, latest
 * failure and expiry, changed by one script (so concurrent failures each get their own count) and given
 * a Redis expiry of its lifetime. The stored expiry, on the stores' clock, decides; Redis's own only
 * frees the memory.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10.10">RFC 6749 section 10.10</a>
 */
final class RedisAttemptStore implements AttemptStore {

    /** ARGV: now, expires_at (epoch micros), ttl in ms. Returns {failures, last_failure_at}. */
    private static final Redis.Script RECORD = Redis.Script.of("""
            local f = redis.call('HMGET', KEYS[1], 'failures', 'expires_at')
            local failures = 1
            if f[1] and f[2] and tonumber(f[2]) > tonumber(ARGV[1]) then
              failures = tonumber(f[1]) + 1
            end
            redis.call('HSET', KEYS[1], 'failures', failures, 'last_failure_at', ARGV[1], 'expires_at', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return {failures, ARGV[1]}
            """);

    private final Redis redis;

    RedisAttemptStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public Attempts recordFailure(String key, Instant now, Duration ttl) {
        AttemptStore.check(key, ttl);
        Objects.requireNonNull(now, "now");
        Instant expiresAt = now.plus(ttl);
        List<Object> result = redis.eval(
                "Record failed attempt",
                RECORD,
                ScriptOutputType.MULTI,
                new String[] {key(key)},
                Redis.micros(now),
                Redis.micros(expiresAt),
                Redis.ttlMillis(now, expiresAt));
        return new Attempts(((Long) result.get(0)).intValue(), Redis.instant((String) result.get(1)));
    }

    @Override
    public Optional<Attempts> find(String key, Instant now) {
        Objects.requireNonNull(now, "now");
        if (key == null) {
            return Optional.empty();
        }
        Map<String, String> fields = redis.call("Find attempts", r -> r.hgetall(key(key)));
        if (fields.isEmpty() || !Redis.instant(fields.get("expires_at")).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(
                new Attempts(Integer.parseInt(fields.get("failures")), Redis.instant(fields.get("last_failure_at"))));
    }

    @Override
    public void clear(String key) {
        if (key != null) {
            redis.call("Clear attempts", r -> r.del(key(key)));
        }
    }

    private String key(String key) {
        return redis.key("attempt", key);
    }
}
