package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PushedRequestStore} owes (RFC 9126): a request is found while it lives,
 * survives being found again, is used up exactly once, and is gone at its expiry. Subclass it once per
 * implementation and return a fresh, empty store from {@link #newStore}.
 */
public abstract class PushedRequestStoreContract {

    /** For the store module tests that extend the contract. */
    protected PushedRequestStoreContract() {}

    /** The instant the test clock starts at. */
    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final Duration LIFETIME = Duration.ofSeconds(60);

    /** The test clock handed to the store. */
    protected final MutableClock clock = MutableClock.at(START);

    private PushedRequestStore store;

    /** A new, empty store on {@code clock}. */
    protected abstract PushedRequestStore newStore(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    private static PushedRequest request(String uri) {
        return new PushedRequest(
                uri,
                "web",
                Map.of(
                        "client_id", "web",
                        "response_type", "code",
                        "redirect_uri", "https://app.example/cb?x=1&y=é",
                        "scope", "openid profile",
                        "dpop_jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"),
                START.plus(LIFETIME));
    }

    private static final String URI = "urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c";

    @Test
    void findWhenSavedThenEveryFieldAndAgain() {
        store.save(request(URI));

        PushedRequest found = store.find(URI).orElseThrow();

        assertThat(found.requestUri()).isEqualTo(URI);
        assertThat(found.clientId()).isEqualTo("web");
        assertThat(found.parameters()).isEqualTo(request(URI).parameters());
        assertThat(found.expiresAt()).isEqualTo(START.plus(LIFETIME));
        assertThat(store.find(URI)).isPresent();
    }

    @Test
    void findWhenUnknownThenEmpty() {
        store.save(request(URI));

        assertThat(store.find(URI + "x")).isEmpty();
        assertThat(store.find(null)).isEmpty();
        assertThat(store.consume(URI + "x")).isFalse();
    }

    @Test
    void consumeThenOnceAndGone() {
        store.save(request(URI));

        assertThat(store.consume(URI)).isTrue();
        assertThat(store.consume(URI)).isFalse();
        assertThat(store.find(URI)).isEmpty();
    }

    @Test
    void expiredThenNeitherFoundNorConsumed() {
        store.save(request(URI));
        clock.advance(LIFETIME);

        assertThat(store.find(URI)).isEmpty();
        assertThat(store.consume(URI)).isFalse();
    }

    @Test
    void saveWhenSameUriThenRefused() {
        store.save(request(URI));

        assertThatThrownBy(() -> store.save(request(URI))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void consumeWhenConcurrentThenExactlyOneWins() throws Exception {
        store.save(request(URI));

        List<Boolean> outcomes = Race.run(() -> store.consume(URI));

        assertThat(outcomes).filteredOn(Boolean::booleanValue).hasSize(1);
    }
}
