package io.authdesign.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ReplayStore} in process memory; expired entries are swept as new ones arrive. Thread-safe. */
public final class InMemoryReplayStore implements ReplayStore {

    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Instant nextSweep = Instant.MIN;

    /** Creates a store on the system clock. */
    public InMemoryReplayStore() {
        this(Clock.systemUTC());
    }

    /** Creates a store on the given clock. */
    public InMemoryReplayStore(Clock clock) {
        this.clock = clock;
    }

    /** Creates a store, under the original package's name. */
    public static InMemoryReplayStore createInMemoryReplayStore() {
        return new InMemoryReplayStore();
    }

    @Override
    public boolean add(String value, Duration ttl) {
        Instant now = clock.instant();
        sweep(now);
        Instant expiry = now.plus(ttl);
        boolean[] added = {false};
        seen.compute(value, (key, existing) -> {
            if (existing == null || !now.isBefore(existing)) {
                added[0] = true;
                return expiry;
            }
            return existing;
        });
        return added[0];
    }

    private void sweep(Instant now) {
        if (now.isAfter(nextSweep)) {
            nextSweep = now.plusSeconds(30);
            seen.values().removeIf(expiry -> !now.isBefore(expiry));
        }
    }

    /** The number of values remembered (expired ones may still count until the next sweep). */
    public int size() {
        return seen.size();
    }
}
