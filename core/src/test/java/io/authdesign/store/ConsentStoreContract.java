package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ConsentStore} owes. Subclass it once per implementation and return a fresh,
 * empty store from {@link #newStore}.
 */
public abstract class ConsentStoreContract {

    /** For the store module tests that extend the contract. */
    protected ConsentStoreContract() {}

    /** The instant the test clock starts at. */
    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** The test clock handed to the store. */
    protected final MutableClock clock = MutableClock.at(START);

    private ConsentStore store;

    /** A new, empty store on {@code clock}. */
    protected abstract ConsentStore newStore(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    @Test
    void grantedScopesWhenNothingGrantedThenEmpty() {
        assertThat(store.grantedScopes("alice", "web")).isEmpty();
    }

    @Test
    void grantWhenCalledAgainThenScopesAddedToEarlierOnes() {
        store.grant("alice", "web", Set.of("openid", "profile"));
        store.grant("alice", "web", Set.of("profile", "email"));

        assertThat(store.grantedScopes("alice", "web")).containsExactlyInAnyOrder("openid", "profile", "email");
    }

    @Test
    void grantWhenOtherUserOrClientThenKeptApart() {
        store.grant("alice", "web", Set.of("openid"));
        store.grant("bob", "web", Set.of("email"));
        store.grant("alice", "tv", Set.of("profile"));

        assertThat(store.grantedScopes("alice", "web")).containsExactly("openid");
        assertThat(store.grantedScopes("bob", "web")).containsExactly("email");
        assertThat(store.grantedScopes("alice", "tv")).containsExactly("profile");
    }

    @Test
    void revokeWhenGrantedThenEmptyAndOtherClientsKept() {
        store.grant("alice", "web", Set.of("openid"));
        store.grant("alice", "tv", Set.of("openid"));

        store.revoke("alice", "web");
        store.revoke("alice", "never-granted");

        assertThat(store.grantedScopes("alice", "web")).isEmpty();
        assertThat(store.grantedScopes("alice", "tv")).containsExactly("openid");
    }

    @Test
    void grantWhenSixteenThreadsAddDifferentScopesThenNoneLost() throws Exception {
        AtomicInteger next = new AtomicInteger();

        Race.run(() -> {
            store.grant("alice", "web", Set.of("scope-" + next.incrementAndGet()));
            return null;
        });

        assertThat(store.grantedScopes("alice", "web")).hasSize(Race.THREADS);
    }

    @Test
    void consentsOfWhenSeveralClientsThenEachClientsScopesAndNoOtherUsers() {
        store.grant("alice", "web", Set.of("openid", "profile"));
        store.grant("alice", "tv", Set.of("openid"));
        store.grant("bob", "web", Set.of("email"));
        store.revoke("alice", "tv");
        store.grant("alice", "cli", Set.of("read"));

        assertThat(store.consentsOf("alice"))
                .containsOnlyKeys("web", "cli")
                .containsEntry("web", Set.of("openid", "profile"))
                .containsEntry("cli", Set.of("read"));
        assertThat(store.consentsOf("carol")).isEmpty();
    }
}
