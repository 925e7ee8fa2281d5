package io.authdesign.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.store.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link JwksKeyStore} owes: keys round-trip with their private half, are published
 * until their expiry, and every node sees every key (RFC 7517 section 5). Subclass it once per
 * implementation and return a fresh, empty store from {@link #newStore}.
 */
public abstract class JwksKeyStoreContract {

    /** For the store module tests that extend the contract. */
    protected JwksKeyStoreContract() {}

    /** The instant the tests start at. */
    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final Duration LIFETIME = Duration.ofDays(2);

    private JwksKeyStore store;

    /** A new, empty store. */
    protected abstract JwksKeyStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** A key with made-up but distinct JWK members, created at {@code createdAt}. */
    protected static StoredKey key(String kid, Instant createdAt) {
        return new StoredKey(
                kid,
                "ES256",
                "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + kid + "\",\"d\":\"private-" + kid + "\"}",
                "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + kid + "\"}",
                createdAt,
                createdAt.plus(Duration.ofMinutes(10)),
                createdAt.plus(LIFETIME));
    }

    @Test
    void getKeysWhenStoredThenEveryFieldRoundTripsWithThePrivateHalf() {
        StoredKey key = key("k1", START);
        store.storeKeyPair(key);

        assertThat(store.getKeys(START)).containsExactly(key);
    }

    @Test
    void getKeysWhenSeveralStoredThenAllPublished() {
        StoredKey first = key("k1", START);
        StoredKey second = key("k2", START.plus(Duration.ofDays(1)));
        store.storeKeyPair(first);
        store.storeKeyPair(second);

        assertThat(store.getKeys(START.plus(Duration.ofDays(1)))).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void getKeysWhenKeyReachesItsExpiryThenNoLongerPublished() {
        StoredKey old = key("old", START);
        StoredKey fresh = key("fresh", START.plus(Duration.ofDays(1)));
        store.storeKeyPair(old);
        store.storeKeyPair(fresh);

        assertThat(store.getKeys(old.expiresAt().minusMillis(1))).contains(old);
        assertThat(store.getKeys(old.expiresAt())).containsExactly(fresh);
    }

    @Test
    void getKeysWhenNothingStoredThenEmpty() {
        assertThat(store.getKeys(START)).isEmpty();
    }

    @Test
    void storeKeyPairWhenKidTakenThenRejected() {
        store.storeKeyPair(key("k1", START));
        assertThatThrownBy(() -> store.storeKeyPair(key("k1", START.plusSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storeKeyPairWhenSixteenThreadsStoreThenEveryKeyKept() throws Exception {
        AtomicInteger next = new AtomicInteger();

        Race.run(() -> {
            store.storeKeyPair(key("k" + next.incrementAndGet(), START));
            return null;
        });

        assertThat(store.getKeys(START)).hasSize(Race.THREADS);
    }
}
