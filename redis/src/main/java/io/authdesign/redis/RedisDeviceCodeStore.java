package io.authdesign.redis;

import io.authdesign.store.DeviceAuthorization;
import io.authdesign.store.DeviceAuthorization.Status;
import io.authdesign.store.DeviceCodeStore;
import io.authdesign.store.DevicePoll;
import io.authdesign.store.TokenHashes;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link DeviceCodeStore} on Redis: each authorization a hash under {@code device:<hash>}, kept {@link
 * DeviceCodeStore#EXPIRED_RETENTION} past its expiry, and {@code usercode:<code>} holding the device
 * code hash until the expiry, and {@code device-client:<client>} indexing the client's device hashes by
 * expiry ({@link #countActive}). Approval, denial and polling are each one Lua script on the device hash,
 * which Redis runs alone: a decision applies only to a pending authorization, and of concurrent polls of
 * an approved one exactly one redeems it; a pending poll sooner than the interval raises the interval
 * ({@code slow_down}). Saving claims the user code and creates the hash in one script.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.5">RFC 8628 section 3.5</a>
 */
final class RedisDeviceCodeStore implements DeviceCodeStore {

    /**
     * KEYS: device, user code, the client's index. ARGV: now, device TTL, user code TTL, device hash, expiry,
     * fields... The index is a sorted set of the client's device hashes scored by expiry, pruned here.
     */
    private static final Redis.Script SAVE = Redis.Script.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            local holder = redis.call('GET', KEYS[2])
            if holder then
              local expires = string.match(holder, ' (%d+)$')
              if expires and tonumber(expires) > tonumber(ARGV[1]) then return 0 end
            end
            redis.call('HSET', KEYS[1], unpack(ARGV, 6))
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('SET', KEYS[2], ARGV[4] .. ' ' .. ARGV[5], 'PX', ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[1])
            redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
            if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[3], ARGV[3]) end
            return 1
            """);

    /** KEYS: device. ARGV: now, user code hash, new status, then field-value pairs to set. */
    private static final Redis.Script DECIDE = Redis.Script.of("""
            local f = redis.call('HMGET', KEYS[1], 'user_code_hash', 'status', 'expires_at')
            if f[1] ~= ARGV[2] or f[2] ~= 'PENDING' or tonumber(f[3]) <= tonumber(ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], 'status', ARGV[3], unpack(ARGV, 4))
            return 1
            """);

    /** KEYS: device. ARGV: now (micros), slow-down step (ms). Returns the outcome, then details. */
    private static final Redis.Script POLL = Redis.Script.of("""
            local h = redis.call('HGETALL', KEYS[1])
            if #h == 0 then return {'UNKNOWN'} end
            local f = {}
            for i = 1, #h, 2 do f[h[i]] = h[i + 1] end
            if f['client_id'] ~= ARGV[3] then return {'UNKNOWN'} end
            local now = tonumber(ARGV[1])
            if tonumber(f['expires_at']) <= now then return {'EXPIRED'} end
            local status = f['status']
            if status == 'DENIED' then return {'DENIED'} end
            if status == 'REDEEMED' then return {'REDEEMED', unpack(h)} end
            if status == 'APPROVED' then
              redis.call('HSET', KEYS[1], 'status', 'REDEEMED')
              return {'APPROVED', unpack(h)}
            end
            local interval = tonumber(f['interval_ms'])
            local outcome = 'PENDING'
            local last = f['last_polled_at']
            if last and now < tonumber(last) + interval * 1000 then
              interval = interval + tonumber(ARGV[2])
              outcome = 'SLOW_DOWN'
            end
            local text = string.format('%d', interval)
            redis.call('HSET', KEYS[1], 'last_polled_at', ARGV[1], 'interval_ms', text)
            return {outcome, text}
            """);

    /** The hash tag of every key of this store (Redis Cluster). */
    static final String DEVICE_TAG = "{device}:";

    private final Redis redis;
    private final Clock clock;

    RedisDeviceCodeStore(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public void save(DeviceAuthorization authorization) {
        Objects.requireNonNull(authorization, "authorization");
        Instant now = clock.instant();
        List<String> args = new ArrayList<>(List.of(
                Redis.micros(now),
                Redis.ttlMillis(now, authorization.expiresAt().plus(EXPIRED_RETENTION)),
                Redis.ttlMillis(now, authorization.expiresAt()),
                authorization.deviceCodeHash(),
                Redis.micros(authorization.expiresAt())));
        args.addAll(Redis.pairs(
                "user_code_hash", authorization.userCodeHash(),
                "client_id", authorization.clientId(),
                "scopes", Redis.joinTokens(authorization.scopes()),
                "interval_ms", Long.toString(authorization.interval().toMillis()),
                "status", authorization.status().name(),
                "subject", authorization.subject(),
                "auth_time", Redis.micros(authorization.authTime()),
                "last_polled_at", Redis.micros(authorization.lastPolledAt()),
                "expires_at", Redis.micros(authorization.expiresAt()),
                "grant_id", authorization.grantId()));
        Long saved = redis.eval(
                "Save device authorization",
                SAVE,
                ScriptOutputType.INTEGER,
                new String[] {
                    deviceKey(authorization.deviceCodeHash()),
                    userCodeKey(authorization.userCodeHash()),
                    clientKey(authorization.clientId())
                },
                args.toArray(String[]::new));
        if (saved == 0) {
            throw new IllegalArgumentException("The device code is stored, or the user code is in use");
        }
    }

    @Override
    public int countActive(String clientId, Instant now) {
        Objects.requireNonNull(clientId, "clientId");
        Range<Long> unexpired =
                Range.from(Range.Boundary.excluding(Long.parseLong(Redis.micros(now))), Range.Boundary.unbounded());
        Long count = redis.call("Count device authorizations", r -> r.zcount(clientKey(clientId), unexpired));
        return count == null ? 0 : (int) Math.min(Integer.MAX_VALUE, count);
    }

    @Override
    public Optional<DeviceAuthorization> findByUserCodeHash(String userCodeHash) {
        if (userCodeHash == null) {
            return Optional.empty();
        }
        Optional<String> hash = deviceHash(userCodeHash);
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> fields = redis.call("Find device authorization", r -> r.hgetall(deviceKey(hash.get())));
        if (fields.isEmpty() || !userCodeHash.equals(fields.get("user_code_hash"))) {
            return Optional.empty();
        }
        DeviceAuthorization authorization = authorization(hash.get(), fields);
        return authorization.isExpiredAt(clock.instant()) ? Optional.empty() : Optional.of(authorization);
    }

    private Optional<String> deviceHash(String userCodeHash) {
        String holder = redis.call("Find user code", r -> r.get(userCodeKey(userCodeHash)));
        if (holder == null || holder.indexOf(' ') < 0) {
            return Optional.empty();
        }
        return Optional.of(holder.substring(0, holder.indexOf(' ')));
    }

    @Override
    public boolean approve(String userCodeHash, String subject, Set<String> scopes, Instant authTime) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(authTime, "authTime");
        return decide(
                userCodeHash,
                Status.APPROVED,
                "subject",
                subject,
                "scopes",
                Redis.joinTokens(scopes),
                "auth_time",
                Redis.micros(authTime));
    }

    @Override
    public boolean deny(String userCodeHash) {
        return decide(userCodeHash, Status.DENIED);
    }

    /**
     * Finds the device hash from the user code, then decides in one script on the device hash, which
     * checks again that it has this user code and is pending.
     */
    private boolean decide(String userCodeHash, Status status, String... fields) {
        if (userCodeHash == null) {
            return false;
        }
        Optional<String> hash = deviceHash(userCodeHash);
        if (hash.isEmpty()) {
            return false;
        }
        List<String> args = new ArrayList<>(List.of(Redis.micros(clock.instant()), userCodeHash, status.name()));
        args.addAll(List.of(fields));
        Long decided = redis.eval(
                "Decide device authorization",
                DECIDE,
                ScriptOutputType.INTEGER,
                new String[] {deviceKey(hash.get())},
                args.toArray(String[]::new));
        return decided == 1;
    }

    @Override
    public DevicePoll poll(String deviceCode, String clientId, Instant now) {
        Objects.requireNonNull(now, "now");
        if (deviceCode == null || clientId == null) {
            return new DevicePoll.Unknown();
        }
        String hash = TokenHashes.sha256(deviceCode);
        List<Object> result = redis.eval(
                "Poll device authorization",
                POLL,
                ScriptOutputType.MULTI,
                new String[] {deviceKey(hash)},
                Redis.micros(now),
                Long.toString(DeviceAuthorization.SLOW_DOWN_STEP.toMillis()),
                clientId);
        String outcome = (String) result.get(0);
        return switch (outcome) {
            case "UNKNOWN" -> new DevicePoll.Unknown();
            case "EXPIRED" -> new DevicePoll.Expired();
            case "DENIED" -> new DevicePoll.Denied();
            case "REDEEMED" -> new DevicePoll.AlreadyRedeemed(authorization(hash, Redis.fields(result, 1)));
            case "APPROVED" -> new DevicePoll.Approved(authorization(hash, Redis.fields(result, 1)));
            case "SLOW_DOWN" -> new DevicePoll.SlowDown(Duration.ofMillis(Long.parseLong((String) result.get(1))));
            case "PENDING" -> new DevicePoll.Pending();
            default -> throw new IllegalStateException("Unexpected poll outcome " + outcome);
        };
    }

    private static DeviceAuthorization authorization(String hash, Map<String, String> fields) {
        return new DeviceAuthorization(
                hash,
                fields.get("user_code_hash"),
                fields.get("client_id"),
                Redis.splitTokens(fields.get("scopes")),
                Duration.ofMillis(Long.parseLong(fields.get("interval_ms"))),
                Status.valueOf(fields.get("status")),
                fields.get("subject"),
                Redis.instant(fields.get("auth_time")),
                Redis.instant(fields.get("last_polled_at")),
                Redis.instant(fields.get("expires_at")),
                fields.get("grant_id"));
    }

    /*
     * Every key of this store carries the hash tag {device}: the save script touches three of them at once,
     * and Redis Cluster runs a script only on keys of one hash slot. The device flow's volume is small, so
     * one slot holds it comfortably.
     */

    private String deviceKey(String hash) {
        return redis.key(DEVICE_TAG + "device", hash);
    }

    private String clientKey(String clientId) {
        return redis.key(DEVICE_TAG + "device-client", clientId);
    }

    private String userCodeKey(String userCodeHash) {
        return redis.key(DEVICE_TAG + "usercode", userCodeHash);
    }
}
