package io.authdesign.redis;

import io.authdesign.replay.ReplayStore;
import io.authdesign.store.TokenHashes;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link ReplayStore} on Redis: {@code SET replay:<hash of the value> 1 NX PX ttl}, which only the first
 * caller gets {@code OK} for, on every node sharing the Redis. Expiry is Redis's own clock: an entry is
 * gone, and the value acceptable again, {@code ttl} after it was first seen.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7523#section-3">RFC 7523 section 3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-11.1">RFC 9449 section 11.1</a>
 */
final class RedisReplayStore implements ReplayStore {

    private final Redis redis;

    RedisReplayStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public boolean add(String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ttl, "ttl");
        long millis = Math.max(1, ttl.toMillis());
        String key = redis.key("replay", TokenHashes.sha256(value));
        String reply = redis.call(
                "Record one-time value",
                r -> r.set(key, "1", SetArgs.Builder.nx().px(millis)));
        return "OK".equals(reply);
    }
}
