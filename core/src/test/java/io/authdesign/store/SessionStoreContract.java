package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionStore} owes. Subclass it once per implementation and return a fresh,
 * empty store from {@link #newStore}.
 */
public abstract class SessionStoreContract {

    /** For the store module tests that extend the contract. */
    protected SessionStoreContract() {}

    /** The instant the test clock starts at. */
    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final Duration TTL = Duration.ofHours(8);

    /** The test clock handed to the store. */
    protected final MutableClock clock = MutableClock.at(START);

    private SessionStore store;

    /** A new, empty store on {@code clock}. */
    protected abstract SessionStore newStore(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    private UserSession create() {
        return store.create("alice", START.minusSeconds(2), "urn:acr:pwd", Set.of("pwd", "otp"), TTL);
    }

    @Test
    void findWhenCreatedThenEveryFieldRoundTrips() {
        UserSession session = create();

        assertThat(session.subject()).isEqualTo("alice");
        assertThat(session.expiresAt()).isEqualTo(START.plus(TTL));
        assertThat(store.find(session.id())).contains(session);
    }

    @Test
    void createWhenCalledRepeatedlyThenDistinct256BitIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String id = create().id();
            assertThat(id).matches("[A-Za-z0-9_-]{43,}");
            ids.add(id);
        }
        assertThat(ids).hasSize(100);
    }

    @Test
    void findWhenAcrAbsentAndAmrEmptyThenRoundTrips() {
        UserSession session = store.create("bob", START, null, Set.of(), TTL);
        assertThat(store.find(session.id())).contains(session);
    }

    @Test
    void findWhenUnknownIdOrItsHashPresentedThenEmpty() {
        UserSession session = create();

        assertThat(store.find("not-a-session")).isEmpty();
        assertThat(store.find(TokenHashes.sha256(session.id()))).isEmpty();
    }

    @Test
    void findWhenExpiredThenEmpty() {
        UserSession session = create();
        clock.advance(TTL.minusSeconds(1));
        assertThat(store.find(session.id())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.find(session.id())).isEmpty();
    }

    @Test
    void deleteWhenLoggedOutThenGoneAndOtherSessionsKept() {
        UserSession session = create();
        UserSession other = create();

        store.delete(session.id());
        store.delete("unknown");

        assertThat(store.find(session.id())).isEmpty();
        assertThat(store.find(other.id())).isPresent();
    }
}
