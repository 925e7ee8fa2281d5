package io.authdesign.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link AttemptStore} in process memory: one node's counts only, so a server of several nodes needs
 * the JDBC or Redis store for its limits to hold. Expired records are dropped by a sweep at most every 30
 * seconds. Thread-safe.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10.10">RFC 6749 section 10.10</a>
 */
public final class InMemoryAttemptStore implements AttemptStore {

    private record Stored(Attempts attempts, Instant expiresAt) {}

    private final Map<String, Stored> records = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Sweeper sweeper;

    /** Creates a store on the system clock. */
    public InMemoryAttemptStore() {
        this(Clock.systemUTC());
    }

    /** Creates a store whose sweep runs on the given clock. */
    public InMemoryAttemptStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sweeper = new Sweeper(clock);
    }

    @Override
    public Attempts recordFailure(String key, Instant now, Duration ttl) {
        AttemptStore.check(key, ttl);
        Objects.requireNonNull(now, "now");
        sweep();
        return records.compute(key, (k, old) -> {
                    int failures = old == null || !now.isBefore(old.expiresAt())
                            ? 1
                            : old.attempts().failures() + 1;
                    return new Stored(new Attempts(failures, now), now.plus(ttl));
                })
                .attempts();
    }

    @Override
    public Optional<Attempts> find(String key, Instant now) {
        Objects.requireNonNull(now, "now");
        Stored stored = key == null ? null : records.get(key);
        return stored == null || !now.isBefore(stored.expiresAt()) ? Optional.empty() : Optional.of(stored.attempts());
    }

    @Override
    public void clear(String key) {
        if (key != null) {
            records.remove(key);
        }
    }

    private void sweep() {
        if (sweeper.due()) {
            Instant now = clock.instant();
            records.values().removeIf(stored -> !now.isBefore(stored.expiresAt()));
        }
    }
}
