package io.authdesign.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.store.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link JwksRotationTimestampStore} owes: {@link
 * JwksRotationTimestampStore#claimRotation} is won once per interval, whatever the number of nodes
 * racing for it. Subclass it once per implementation and return a fresh store, never rotated, from
 * {@link #newStore}.
 */
public abstract class JwksRotationTimestampStoreContract {

    /** For the store module tests that extend the contract. */
    protected JwksRotationTimestampStoreContract() {}

    /** The instant the tests start at. */
    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final Duration INTERVAL = Duration.ofDays(1);

    private JwksRotationTimestampStore store;

    /** A new store that has never recorded a rotation. */
    protected abstract JwksRotationTimestampStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void getLastTimestampWhenNeverRotatedThenEmpty() {
        assertThat(store.getLastTimestamp()).isEmpty();
    }

    @Test
    void claimRotationWhenNeverRotatedThenWonAndTimestampRecorded() {
        assertThat(store.claimRotation(START, INTERVAL)).isTrue();
        assertThat(store.getLastTimestamp()).contains(START);
    }

    @Test
    void claimRotationWhenWithinIntervalThenRefusedAndTimestampKept() {
        store.claimRotation(START, INTERVAL);

        assertThat(store.claimRotation(START.plus(INTERVAL).minusMillis(1), INTERVAL))
                .isFalse();
        assertThat(store.getLastTimestamp()).contains(START);
    }

    @Test
    void claimRotationWhenIntervalElapsedThenWonAgain() {
        store.claimRotation(START, INTERVAL);
        Instant next = START.plus(INTERVAL);

        assertThat(store.claimRotation(next, INTERVAL)).isTrue();
        assertThat(store.getLastTimestamp()).contains(next);
    }

    @Test
    void claimRotationWhenSixteenNodesRaceThenExactlyOneWinsPerInterval() throws Exception {
        for (int round = 0; round < 10; round++) {
            Instant now = START.plus(INTERVAL.multipliedBy(round));

            List<Boolean> outcomes = Race.run(() -> store.claimRotation(now, INTERVAL));

            assertThat(outcomes).filteredOn(Boolean::booleanValue).hasSize(1);
            assertThat(store.getLastTimestamp()).contains(now);
        }
    }
}
