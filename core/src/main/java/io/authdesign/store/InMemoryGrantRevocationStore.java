package io.authdesign.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link GrantRevocationStore} in process memory: a concurrent map from grant to the end of its entry,
 * read without a lock; ended entries are swept at most every 30 seconds. For one node.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.1">RFC 7009 section 2.1</a>
 */
public final class InMemoryGrantRevocationStore implements GrantRevocationStore {

    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private final Sweeper sweeper;
    private final Clock clock;

    /** Creates a store on the system clock. */
    public InMemoryGrantRevocationStore() {
        this(Clock.systemUTC());
    }

    /** Creates a store whose sweeps read this clock. */
    public InMemoryGrantRevocationStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sweeper = new Sweeper(clock);
    }

    @Override
    public void revoke(String grantId, Instant until) {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(until, "until");
        sweep();
        revoked.merge(grantId, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public boolean isRevoked(String grantId, Instant now) {
        if (grantId == null) {
            return false;
        }
        Instant until = revoked.get(grantId);
        return until != null && now.isBefore(until);
    }

    private void sweep() {
        if (sweeper.due()) {
            Instant now = clock.instant();
            revoked.values().removeIf(until -> !now.isBefore(until));
        }
    }
}
