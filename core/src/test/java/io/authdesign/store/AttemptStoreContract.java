package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.store.AttemptStore.Attempts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AttemptStore} owes: counts per key that restart after their lifetime, cleared
 * on request, exact under concurrent failures (RFC 6749 section 10.10). Subclass it once per implementation
 * and return a fresh, empty store from {@link #newStore}.
 */
public abstract class AttemptStoreContract {

    /** For the store module tests that extend the contract. */
    protected AttemptStoreContract() {}

    /** The instant the test clock starts at. */
    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final Duration TTL = Duration.ofMinutes(15);

    /** The test clock handed to the store. */
    protected final MutableClock clock = MutableClock.at(START);

    private AttemptStore store;

    /** A new, empty store on {@code clock}. */
    protected abstract AttemptStore newStore(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    private Attempts fail(String key) {
        return store.recordFailure(key, clock.instant(), TTL);
    }

    @Test
    void recordFailureWhenRepeatedThenCountsAndLatestTimeKept() {
        assertThat(store.find("k1", START)).isEmpty();

        assertThat(fail("k1")).isEqualTo(new Attempts(1, START));
        clock.advance(Duration.ofSeconds(7));
        assertThat(fail("k1")).isEqualTo(new Attempts(2, START.plusSeconds(7)));

        assertThat(store.find("k1", clock.instant())).contains(new Attempts(2, START.plusSeconds(7)));
    }

    @Test
    void recordFailureWhenKeysDifferThenCountedApart() {
        fail("k1");
        fail("k1");
        fail("k2");

        assertThat(store.find("k1", START).orElseThrow().failures()).isEqualTo(2);
        assertThat(store.find("k2", START).orElseThrow().failures()).isEqualTo(1);
        assertThat(store.find("k3", START)).isEmpty();
    }

    @Test
    void findWhenTtlPassedSinceTheLatestFailureThenEmptyAndTheNextFailureStartsAgain() {
        fail("k1");
        clock.advance(TTL.minusSeconds(1));
        fail("k1");
        clock.advance(TTL.minusSeconds(1));
        assertThat(store.find("k1", clock.instant()).orElseThrow().failures()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        assertThat(store.find("k1", clock.instant())).isEmpty();
        assertThat(fail("k1")).isEqualTo(new Attempts(1, clock.instant()));
    }

    @Test
    void clearWhenCalledThenForgottenAndOtherKeysKept() {
        fail("k1");
        fail("k2");

        store.clear("k1");
        store.clear("unknown");

        assertThat(store.find("k1", START)).isEmpty();
        assertThat(store.find("k2", START)).isPresent();
        assertThat(fail("k1").failures()).isEqualTo(1);
    }

    @Test
    void recordFailureWhenTheLongestKeyThenAcceptedAndLongerOrEmptyRefused() {
        String longest = "k".repeat(AttemptStore.MAX_KEY_LENGTH);
        assertThat(fail(longest).failures()).isEqualTo(1);
        assertThatThrownBy(() -> fail(longest + "k")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fail("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.recordFailure("k1", START, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordFailureWhenSixteenNodesRaceThenEveryFailureCountedOnce() throws Exception {
        List<Integer> counts = Race.run(() -> fail("raced").failures());

        assertThat(counts)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, Race.THREADS)
                        .boxed()
                        .toList());
        assertThat(store.find("raced", START).orElseThrow().failures()).isEqualTo(Race.THREADS);
    }
}
