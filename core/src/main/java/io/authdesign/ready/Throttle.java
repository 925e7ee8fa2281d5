package io.authdesign.ready;

import io.authdesign.store.AttemptStore;
import io.authdesign.store.TokenHashes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
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

    /**
     * The group a client address is throttled as: the /64 prefix of an IPv6 literal ({@code [..]} and a
     * zone are ignored), anything else (IPv4, an IPv4-mapped IPv6 address, an unparsable value) as it is.
     * Never a DNS lookup: only strings with a colon are parsed, and those are IPv6 literals or nothing.
     */
    static String addressGroup(String address) {
        if (address == null) {
            return "";
        }
        String literal = address.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (literal.indexOf(':') < 0 || !literal.matches("[0-9A-Fa-f:.]{2,45}")) {
            return literal;
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length != 16) {
                return literal; // an IPv4-mapped address is one IPv4 host
            }
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (UnknownHostException e) {
            return literal;
        }
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
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
