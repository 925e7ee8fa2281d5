package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link GrantRevocationStore} owes: a revoked grant is revoked until the end it was
 * given and not after, other grants are untouched, and a second revocation keeps the later end. Subclass it
 * once per implementation and return a fresh, empty store from {@link #newStore}.
 */
public abstract class GrantRevocationStoreContract {

    /** For the store module tests that extend the contract. */
    protected GrantRevocationStoreContract() {}

    /** The instant the test clock starts at. */
    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** The test clock handed to the store. */
    protected final MutableClock clock = MutableClock.at(START);

    private GrantRevocationStore store;

    /** A new, empty store on {@code clock}. */
    protected abstract GrantRevocationStore newStore(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    @Test
    void isRevokedWhenNeverRevokedThenFalse() {
        assertThat(store.isRevoked("grant-1", START)).isFalse();
    }

    @Test
    void isRevokedWhenRevokedThenTrueUntilTheEndOnly() {
        store.revoke("grant-1", START.plusSeconds(3600));

        assertThat(store.isRevoked("grant-1", START)).isTrue();
        assertThat(store.isRevoked("grant-1", START.plusSeconds(3599))).isTrue();
        assertThat(store.isRevoked("grant-1", START.plusSeconds(3600))).isFalse();
        assertThat(store.isRevoked("grant-2", START)).isFalse();
    }

    @Test
    void isRevokedWhenClockPassesTheEndThenFalse() {
        store.revoke("grant-1", START.plusSeconds(60));
        clock.advance(Duration.ofSeconds(61));

        assertThat(store.isRevoked("grant-1", clock.instant())).isFalse();
    }

    @Test
    void revokeWhenRevokedAgainThenTheLaterEndWins() {
        store.revoke("grant-1", START.plusSeconds(3600));
        store.revoke("grant-1", START.plusSeconds(60));
        assertThat(store.isRevoked("grant-1", START.plusSeconds(600))).isTrue();

        store.revoke("grant-1", START.plusSeconds(7200));
        assertThat(store.isRevoked("grant-1", START.plusSeconds(5000))).isTrue();
    }

    @Test
    void revokeWhenEndIsPastThenNothingIsRevoked() {
        store.revoke("grant-1", START.minusSeconds(1));

        assertThat(store.isRevoked("grant-1", START)).isFalse();
    }

    @Test
    void revokeWhenKeysAreLongOrUnusualThenEachIsItsOwn() {
        String longKey = "g".repeat(500) + "é/:*?";
        store.revoke(longKey, START.plusSeconds(60));

        assertThat(store.isRevoked(longKey, START)).isTrue();
        assertThat(store.isRevoked("g".repeat(500), START)).isFalse();
    }

    @Test
    void keyOfWhenGrantIdThenItElseJti() {
        assertThat(GrantRevocationStore.keyOf(Map.of("grant_id", "g", "jti", "j")))
                .contains("g");
        assertThat(GrantRevocationStore.keyOf(Map.of("jti", "j"))).contains("j");
        assertThat(GrantRevocationStore.keyOf(Map.of("sub", "s"))).isEmpty();
    }
}
