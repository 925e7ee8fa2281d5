package io.authdesign.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Says when an in-memory store should sweep out its expired entries: at most once per period. */
final class Sweeper {

    static final Duration PERIOD = Duration.ofSeconds(30);

    private final Clock clock;
    private final AtomicReference<Instant> next = new AtomicReference<>(Instant.MIN);

    Sweeper(Clock clock) {
        this.clock = clock;
    }

    /** Whether a sweep is due now; true for exactly one caller per period. */
    boolean due() {
        Instant now = clock.instant();
        Instant scheduled = next.get();
        return !now.isBefore(scheduled) && next.compareAndSet(scheduled, now.plus(PERIOD));
    }
}
