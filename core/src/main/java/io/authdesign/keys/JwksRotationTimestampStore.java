package io.authdesign.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers when keys were last rotated, so that rotation happens once per interval however many nodes
 * call {@code checkAndRotateKeys()}. Implementations must make {@link #claimRotation} atomic.
 */
public interface JwksRotationTimestampStore {

    /** When keys were last rotated, if ever. */
    Optional<Instant> getLastTimestamp();

    /**
     * Claims the right to rotate: atomically, if there was no rotation yet or the last one is at least
     * {@code interval} before {@code now}, records {@code now} and returns {@code true}; otherwise
     * changes nothing and returns {@code false}. Exactly one of several concurrent callers wins.
     *
     * @param now the current time
     * @param interval the rotation interval
     * @return whether the caller should rotate now
     */
    boolean claimRotation(Instant now, Duration interval);
}
