package io.authdesign.ready;

import io.authdesign.store.AttemptStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How many failed guesses one key (an account, a client address, a browser session) may make: the first
 * {@code freeFailures} cost nothing; each later one blocks the key for a delay that starts at
 * {@code firstDelay} and doubles up to {@code maxDelay}; at {@code lockoutFailures} the key is locked for
 * {@code lockout}. Failures are remembered until {@code lockout} after the latest one. While a key is
 * blocked its attempts are refused without being checked (HTTP 429 with {@code Retry-After}), so no thread
 * waits out a delay.
 *
 * @param freeFailures failures without any delay
 * @param firstDelay the delay after the first failure beyond the free ones
 * @param maxDelay the longest delay before the lockout
 * @param lockoutFailures the failures that lock the key; more than {@code freeFailures}
 * @param lockout how long a locked key stays locked, and how long failures are remembered
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10.10">RFC 6749 section 10.10</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-5.1">RFC 8628 section 5.1</a>
 */
public record AttemptLimits(
        int freeFailures, Duration firstDelay, Duration maxDelay, int lockoutFailures, Duration lockout) {

    /**
     * Per account at sign-in: 3 free failures, then 1 s doubling up to 60 s, locked 15 minutes at the 10th
     * failure.
     */
    public static final AttemptLimits ACCOUNT_DEFAULTS =
            new AttemptLimits(3, Duration.ofSeconds(1), Duration.ofSeconds(60), 10, Duration.ofMinutes(15));

    /**
     * Per client address at sign-in, over every account it tries: 20 free failures, then 1 s doubling up to
     * 60 s, locked 15 minutes at the 100th failure.
     */
    public static final AttemptLimits ADDRESS_DEFAULTS =
            new AttemptLimits(20, Duration.ofSeconds(1), Duration.ofSeconds(60), 100, Duration.ofMinutes(15));

    /** Validates the components. */
    public AttemptLimits {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(lockout, "lockout");
        if (freeFailures < 0 || lockoutFailures <= freeFailures) {
            throw new IllegalArgumentException("Need 0 <= freeFailures < lockoutFailures");
        }
        if (!firstDelay.isPositive() || maxDelay.compareTo(firstDelay) < 0 || !lockout.isPositive()) {
            throw new IllegalArgumentException("Need 0 < firstDelay <= maxDelay and a positive lockout");
        }
    }

    /**
     * Until when a key with these failures is blocked.
     *
     * @param attempts the key's failures
     * @return the end of the block, empty when the key may try now whatever the time
     */
    public Optional<Instant> blockedUntil(AttemptStore.Attempts attempts) {
        int failures = attempts.failures();
        if (failures >= lockoutFailures) {
            return Optional.of(attempts.lastFailureAt().plus(lockout));
        }
        if (failures <= freeFailures) {
            return Optional.empty();
        }
        int doublings = Math.min(failures - freeFailures - 1, 30);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return Optional.of(attempts.lastFailureAt().plus(delay.compareTo(maxDelay) > 0 ? maxDelay : delay));
    }
}
