package io.authdesign.store;

import io.authdesign.store.DeviceAuthorization.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A {@link DeviceCodeStore} in process memory, indexed by device code hash and by user code. Every method
 * holds the store's lock, since approval and polling change the same entry through different keys.
 * Authorizations are dropped {@link DeviceCodeStore#EXPIRED_RETENTION} after their expiry, by a sweep at
 * most every 30 seconds.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3">RFC 8628 section 3</a>
 */
public final class InMemoryDeviceCodeStore implements DeviceCodeStore {

    private final Map<String, DeviceAuthorization> byDeviceCode = new HashMap<>();
    private final Map<String, String> deviceCodeByUserCodeHash = new HashMap<>();
    private final Clock clock;
    private final Sweeper sweeper;

    /** Creates a store on the system clock. */
    public InMemoryDeviceCodeStore() {
        this(Clock.systemUTC());
    }

    /** Creates a store on the given clock. */
    public InMemoryDeviceCodeStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sweeper = new Sweeper(clock);
    }

    @Override
    public synchronized void save(DeviceAuthorization authorization) {
        Objects.requireNonNull(authorization, "authorization");
        sweep();
        if (byDeviceCode.containsKey(authorization.deviceCodeHash())) {
            throw new IllegalArgumentException("A device code with this hash is already stored");
        }
        if (findLive(authorization.userCodeHash()).isPresent()) {
            throw new IllegalArgumentException("The user code is in use; generate another");
        }
        byDeviceCode.put(authorization.deviceCodeHash(), authorization);
        deviceCodeByUserCodeHash.put(authorization.userCodeHash(), authorization.deviceCodeHash());
    }

    @Override
    public synchronized int countActive(String clientId, Instant now) {
        sweep();
        return (int) byDeviceCode.values().stream()
                .filter(authorization -> authorization.clientId().equals(clientId) && !authorization.isExpiredAt(now))
                .count();
    }

    @Override
    public synchronized Optional<DeviceAuthorization> findByUserCodeHash(String userCodeHash) {
        if (userCodeHash == null) {
            return Optional.empty();
        }
        sweep();
        return findLive(userCodeHash);
    }

    @Override
    public synchronized boolean approve(String userCodeHash, String subject, Set<String> scopes, Instant authTime) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(authTime, "authTime");
        return decide(userCodeHash, pending -> pending.withApproval(subject, scopes, authTime));
    }

    @Override
    public synchronized boolean deny(String userCodeHash) {
        return decide(userCodeHash, pending -> pending.withStatus(Status.DENIED));
    }

    private boolean decide(String userCodeHash, UnaryOperator<DeviceAuthorization> decision) {
        if (userCodeHash == null) {
            return false;
        }
        sweep();
        Optional<DeviceAuthorization> found = findLive(userCodeHash);
        if (found.isEmpty() || found.get().status() != Status.PENDING) {
            return false;
        }
        DeviceAuthorization decided = decision.apply(found.get());
        byDeviceCode.put(decided.deviceCodeHash(), decided);
        return true;
    }

    @Override
    public synchronized DevicePoll poll(String deviceCode, String clientId, Instant now) {
        Objects.requireNonNull(now, "now");
        sweep();
        DeviceAuthorization authorization =
                deviceCode == null ? null : byDeviceCode.get(TokenHashes.sha256(deviceCode));
        if (authorization == null || !authorization.clientId().equals(clientId)) {
            return new DevicePoll.Unknown();
        }
        if (authorization.isExpiredAt(now)) {
            return new DevicePoll.Expired();
        }
        return switch (authorization.status()) {
            case DENIED -> new DevicePoll.Denied();
            case REDEEMED -> new DevicePoll.AlreadyRedeemed(authorization);
            case APPROVED -> {
                byDeviceCode.put(authorization.deviceCodeHash(), authorization.withStatus(Status.REDEEMED));
                yield new DevicePoll.Approved(authorization);
            }
            case PENDING -> pollPending(authorization, now);
        };
    }

    private DevicePoll pollPending(DeviceAuthorization authorization, Instant now) {
        if (authorization.isTooSoon(now)) {
            DeviceAuthorization slowed =
                    authorization.withPoll(now, authorization.interval().plus(DeviceAuthorization.SLOW_DOWN_STEP));
            byDeviceCode.put(slowed.deviceCodeHash(), slowed);
            return new DevicePoll.SlowDown(slowed.interval());
        }
        byDeviceCode.put(authorization.deviceCodeHash(), authorization.withPoll(now, authorization.interval()));
        return new DevicePoll.Pending();
    }

    private Optional<DeviceAuthorization> findLive(String userCodeHash) {
        String hash = deviceCodeByUserCodeHash.get(userCodeHash);
        DeviceAuthorization authorization = hash == null ? null : byDeviceCode.get(hash);
        if (authorization == null || authorization.isExpiredAt(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(authorization);
    }

    private void sweep() {
        if (sweeper.due()) {
            Instant forgetBefore = clock.instant().minus(EXPIRED_RETENTION);
            byDeviceCode.values().removeIf(authorization -> authorization.isExpiredAt(forgetBefore));
            deviceCodeByUserCodeHash.values().removeIf(hash -> !byDeviceCode.containsKey(hash));
        }
    }
}
