package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
    void createWhenCalledThenSidIsRandomAndUnrelatedToTheCookieId() {
        Set<String> sids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            UserSession session = create();
            assertThat(session.sid()).matches("[A-Za-z0-9_-]{22,64}");
            assertThat(session.sid()).isNotEqualTo(session.id()).isNotEqualTo(TokenHashes.sha256(session.id()));
            assertThat(store.isActive(session.sid())).isTrue();
            sids.add(session.sid());
        }
        assertThat(sids).hasSize(50);
        assertThat(store.isActive("unknown-sid")).isFalse();
        assertThat(store.isActive(null)).isFalse();
    }

    @Test
    void endWhenGrantsRecordedThenSessionGoneAndGrantsAnsweredInOrderOnce() {
        UserSession session = create();
        UserSession other = create();
        SessionGrant web = new SessionGrant("web", "grant-1", false);
        SessionGrant offline = new SessionGrant("mobile app", "grant-2", true);
        store.recordGrant(session, web);
        store.recordGrant(session, offline);
        store.recordGrant(other, new SessionGrant("web", "grant-3", false));

        Optional<EndedSession> ended = store.end(session.id());

        assertThat(ended).contains(new EndedSession(session, List.of(web, offline)));
        assertThat(store.find(session.id())).isEmpty();
        assertThat(store.isActive(session.sid())).isFalse();
        assertThat(store.end(session.id())).as("ended once").isEmpty();
        assertThat(store.end("unknown")).isEmpty();
        assertThat(store.find(other.id())).isPresent();
        assertThat(store.end(other.id()).orElseThrow().grants())
                .containsExactly(new SessionGrant("web", "grant-3", false));
    }

    @Test
    void endWhenNoGrantThenSessionWithEmptyGrants() {
        UserSession session = create();
        assertThat(store.end(session.id())).contains(new EndedSession(session, List.of()));
    }

    @Test
    void endWhenExpiredThenEmptyAndSidInactive() {
        UserSession session = create();
        store.recordGrant(session, new SessionGrant("web", "grant-1", false));
        clock.advance(TTL);

        assertThat(store.isActive(session.sid())).isFalse();
        assertThat(store.end(session.id())).isEmpty();
    }

    @Test
    void renewWhenSameUserSignsInAgainThenNewIdSameSidAndGrantsKept() {
        UserSession session = create();
        SessionGrant grant = new SessionGrant("web", "grant-1", false);
        store.recordGrant(session, grant);
        clock.advance(Duration.ofHours(1));

        UserSession renewed = store.renew(session, clock.instant(), null, Set.of("pwd"), TTL);

        assertThat(renewed.id()).isNotEqualTo(session.id());
        assertThat(renewed.sid()).isEqualTo(session.sid());
        assertThat(renewed.subject()).isEqualTo("alice");
        assertThat(renewed.authTime()).isEqualTo(clock.instant());
        assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(store.find(session.id())).as("the old id stops working").isEmpty();
        assertThat(store.find(renewed.id())).contains(renewed);
        clock.advance(TTL.minusHours(1)); // past the first session's end, within the renewed one
        store.recordGrant(renewed, new SessionGrant("api", "grant-2", true));
        assertThat(store.end(renewed.id()).orElseThrow().grants())
                .containsExactly(grant, new SessionGrant("api", "grant-2", true));
    }

    @Test
    void renewWhenSessionEndedMeanwhileThenNewSidWithoutTheOldGrants() {
        UserSession session = create();
        store.recordGrant(session, new SessionGrant("web", "grant-1", false));
        store.end(session.id());

        UserSession renewed = store.renew(session, START, null, Set.of("pwd"), TTL);

        assertThat(renewed.sid()).isNotEqualTo(session.sid());
        assertThat(store.isActive(session.sid())).isFalse();
        assertThat(store.end(renewed.id()).orElseThrow().grants()).isEmpty();
    }

    @Test
    void endWhenSixteenThreadsRaceThenExactlyOneEndsTheSession() throws Exception {
        UserSession session = create();
        store.recordGrant(session, new SessionGrant("web", "grant-1", false));

        List<Optional<EndedSession>> results = Race.run(() -> store.end(session.id()));

        assertThat(results.stream().filter(Optional::isPresent)).hasSize(1);
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
