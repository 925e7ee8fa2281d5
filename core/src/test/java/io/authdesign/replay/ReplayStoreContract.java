package io.authdesign.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.store.MutableClock;
import io.authdesign.store.Race;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ReplayStore} owes: a value is accepted once until it expires, whatever the
 * number of nodes racing with it (RFC 7523 section 3, RFC 9449 section 11.1). Subclass it once per
 * implementation and return a fresh, empty store from {@link #newStore}.
 */
public abstract class ReplayStoreContract {

    /** For the store module tests that extend the contract. */
    protected ReplayStoreContract() {}

    /** The instant the test clock starts at. */
    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** Short, so that a store that expires entries in real time (Redis) passes {@link #elapse} quickly. */
    private static final Duration TTL = Duration.ofMillis(300);

    /** The test clock handed to the store. */
    protected final MutableClock clock = MutableClock.at(START);

    private ReplayStore store;

    /** A new, empty store on {@code clock}. */
    protected abstract ReplayStore newStore(Clock clock);

    /**
     * Lets {@code duration} pass for the store: moves the test clock; a store that expires entries by the
     * server's own time also waits.
     */
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    @Test
    void addWhenNewThenAcceptedAndWhenRepeatedThenReplay() {
        assertThat(store.add("jti:a", TTL)).isTrue();
        assertThat(store.add("jti:a", TTL)).isFalse();
        assertThat(store.add("jti:b", TTL)).isTrue();
    }

    @Test
    void addWhenRepeatedBeforeExpiryThenStillReplay() {
        store.add("jti:a", Duration.ofHours(1));
        elapse(TTL);

        assertThat(store.add("jti:a", Duration.ofHours(1))).isFalse();
    }

    @Test
    void addWhenEarlierEntryExpiredThenAcceptedAgain() {
        store.add("jti:a", TTL);
        elapse(TTL.plusMillis(100));

        assertThat(store.add("jti:a", TTL)).isTrue();
        assertThat(store.add("jti:a", TTL)).isFalse();
    }

    @Test
    void addWhenLongValueThenRemembered() {
        String value = "jti:" + "x".repeat(4000);
        assertThat(store.add(value, TTL)).isTrue();
        assertThat(store.add(value, TTL)).isFalse();
        assertThat(store.add(value + "y", TTL)).isTrue();
    }

    @Test
    void addWhenSixteenNodesRaceThenExactlyOneAccepted() throws Exception {
        for (int round = 0; round < 20; round++) {
            String value = "jti:raced-" + round;

            List<Boolean> outcomes = Race.run(() -> store.add(value, Duration.ofMinutes(1)));

            assertThat(outcomes).filteredOn(Boolean::booleanValue).hasSize(1);
        }
    }
}
