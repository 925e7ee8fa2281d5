package io.authdesign.ready;

import io.authdesign.internal.ClientAddresses;
import io.authdesign.internal.RetryAfter;
import io.authdesign.store.AttemptStore;
import io.authdesign.store.TokenHashes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Applies {@link AttemptLimits} to keys in an {@link AttemptStore}: whether a key is blocked now and for how
 * long, and the failures. Keys reach the store hashed, so it holds no username or address in clear.
 */
final class Throttle {

    /** A key and the limits it is held to. */
    record Key(String hash, AttemptLimits limits) {
        static Key of(String kind, String value, AttemptLimits limits) {
            return new Key(TokenHashes.sha256(kind + "|" + value), limits);
        }

        /**
         * The key of a client address: an IPv4 address as it is, an IPv6 address by its /64 prefix, since one
         * subscriber usually holds a whole /64 and could otherwise take a fresh address for every attempt
         * (RFC 6177 section 2; RFC 4291 section 2.5.4).
         */
        static Key ofAddress(String kind, String address, AttemptLimits limits) {
            return of(kind, addressGroup(address), limits);
        }
    }

    /** The group a client address is throttled as: see {@link ClientAddresses#group}. */
    static String addressGroup(String address) {
        return ClientAddresses.group(address);
    }

    private final AttemptStore store;
    private final Clock clock;

    Throttle(AttemptStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** How long the most blocked of these keys stays blocked; empty when none is. */
    Optional<Duration> blocked(Key... keys) {
        Instant now = clock.instant();
        Instant until = now;
        for (Key key : keys) {
            Optional<Instant> end = store.find(key.hash(), now).flatMap(key.limits()::blockedUntil);
            if (end.isPresent() && end.get().isAfter(until)) {
                until = end.get();
            }
        }
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    /** Counts a failure of each key. */
    void fail(Key... keys) {
        Instant now = clock.instant();
        for (Key key : keys) {
            store.recordFailure(key.hash(), now, key.limits().lockout());
        }
    }

    /** Forgets a key's failures. */
    void clear(Key key) {
        store.clear(key.hash());
    }

    /** Whole seconds for {@code Retry-After}, rounded up, at least 1. */
    static long seconds(Duration wait) {
        return RetryAfter.seconds(wait);
    }
}
