package io.authdesign.redis;

import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.TokenHashes;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link GrantRevocationStore} on Redis: {@code revoked:<hash of the grant id>} holds the entry's end (epoch
 * microseconds) and expires then ({@code PX}); a lookup is one {@code GET}. Revoking again is a script that
 * keeps the later end, so concurrent revocations from several nodes never shorten an entry.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.1">RFC 7009 section 2.1</a>
 */
final class RedisGrantRevocationStore implements GrantRevocationStore {

    /** KEYS[1] the entry; ARGV[1] its end (micros), ARGV[2] its time to live (ms). */
    private static final Redis.Script REVOKE = Redis.Script.of("""
            local current = redis.call('GET', KEYS[1])
            if current and tonumber(current) >= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """);

    private final Redis redis;
    private final Clock clock;

    RedisGrantRevocationStore(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public void revoke(String grantId, Instant until) {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(until, "until");
        Instant now = clock.instant();
        if (!until.isAfter(now)) {
            return;
        }
        redis.<Long>eval(
                "Revoke grant",
                REVOKE,
                ScriptOutputType.INTEGER,
                new String[] {key(grantId)},
                Redis.micros(until),
                Redis.ttlMillis(now, until));
    }

    @Override
    public boolean isRevoked(String grantId, Instant now) {
        if (grantId == null) {
            return false;
        }
        String until = redis.call("Check grant revocation", r -> r.get(key(grantId)));
        return until != null && now.isBefore(Redis.instant(until));
    }

    private String key(String grantId) {
        return redis.key("revoked", TokenHashes.sha256(grantId));
    }
}
