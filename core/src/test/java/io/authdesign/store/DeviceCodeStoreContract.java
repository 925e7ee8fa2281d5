package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DeviceCodeStore} owes (RFC 8628 sections 3.3 to 3.5, and 5.1 for the user code
 * kept only as a keyed hash). Subclass it once per implementation: return a fresh, empty store from {@link
 * #newStore}, a second store on the same storage from {@link #anotherNode}, and everything the storage holds
 * from {@link #everythingStored}.
 */
public abstract class DeviceCodeStoreContract {

    /** For the store module tests that extend the contract. */
    protected DeviceCodeStoreContract() {}

    /** The instant the test clock starts at. */
    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final byte[] KEY = bytes(32);

    /** The keyed hash the tests store user codes as, as the ready device flow would. */
    protected static final UserCodeHasher HASHER = new UserCodeHasher(KEY);

    /** The test clock handed to the store. */
    protected final MutableClock clock = MutableClock.at(START);

    /** The store under test, from {@link #newStore}. */
    protected DeviceCodeStore store;

    /** A new, empty store on {@code clock}. */
    protected abstract DeviceCodeStore newStore(Clock clock);

    /**
     * A second store on the storage of {@link #store}, as another node of the deployment opens it: a new
     * instance on the same database or Redis; the same instance for an in-memory store, which no other
     * process can share.
     */
    protected abstract DeviceCodeStore anotherNode(Clock clock);

    /**
     * Every text the storage of {@link #store} holds, read past the store: column values of every row, keys
     * and values, fields of in-memory maps; for the test that no user code is kept in clear.
     */
    protected abstract List<String> everythingStored();

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    private static DeviceAuthorization pending(String deviceCode, String userCode) {
        return DeviceAuthorization.builder()
                .deviceCode(deviceCode)
                .userCodeHash(HASHER.hash(userCode))
                .clientId("tv")
                .scopes(Set.of("openid", "profile", "email"))
                .interval(INTERVAL)
                .expiresAt(START.plus(LIFETIME))
                .grantId("grant-" + deviceCode)
                .build();
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private Optional<DeviceAuthorization> find(String typedUserCode) {
        return store.findByUserCodeHash(HASHER.hash(typedUserCode));
    }

    private Instant later(Duration duration) {
        clock.advance(duration);
        return clock.instant();
    }

    private DevicePoll poll(String deviceCode) {
        return store.poll(deviceCode, "tv", clock.instant());
    }

    @Test
    void findByUserCodeWhenSavedThenEveryFieldRoundTripsAndCodeIsNormalised() {
        DeviceAuthorization authorization = pending("dc-1", "WDJB-MJHT");
        store.save(authorization);

        assertThat(authorization.userCodeHash())
                .isEqualTo(HASHER.hash("wdjb mjht"))
                .doesNotContain("WDJB");
        assertThat(find("WDJB-MJHT")).contains(authorization);
        assertThat(authorization.status()).isEqualTo(DeviceAuthorization.Status.PENDING);
    }

    @Test
    void saveWhenApprovedAndPolledThenNoUserCodeIsKeptInClearAnywhere() {
        String userCode = "WDJB-MJHT";
        store.save(pending("dc-1", userCode));
        store.save(pending("dc-2", "BCDF-GHJK"));
        store.approve(HASHER.hash(userCode), "alice", Set.of("openid"), START);
        store.deny(HASHER.hash("BCDF-GHJK"));
        poll("dc-1");

        List<String> stored = everythingStored();

        assertThat(stored).anySatisfy(text -> assertThat(text).contains(HASHER.hash(userCode)));
        // the whole codes, in each form a store could keep them: halves of four letters would also match the random
        // hex of a test's key prefix ("2bcdfc..." holds BCDF) or, about once in a thousand runs, a hash's base64url
        assertThat(stored)
                .noneSatisfy(text -> assertThat(text.toUpperCase(Locale.ROOT))
                        .containsAnyOf("WDJB-MJHT", "WDJBMJHT", "WDJB MJHT", "BCDF-GHJK", "BCDFGHJK", "BCDF GHJK"));
    }

    @Test
    void findByUserCodeHashWhenAnotherNodeHashesWithTheSameKeyThenFoundAndWithAnotherKeyNot() {
        store.save(pending("dc-1", "WDJB-MJHT"));
        DeviceCodeStore otherNode = anotherNode(clock);
        UserCodeHasher otherKey = UserCodeHasher.withRandomKey(RANDOM);

        assertThat(otherNode.findByUserCodeHash(otherKey.hash("WDJB-MJHT"))).isEmpty();
        assertThat(otherNode.approve(otherKey.hash("WDJB-MJHT"), "mallory", Set.of("openid"), START))
                .isFalse();
        assertThat(otherNode.deny(otherKey.hash("WDJB-MJHT"))).isFalse();

        UserCodeHasher sameKey = new UserCodeHasher(KEY.clone());
        assertThat(otherNode.findByUserCodeHash(sameKey.hash("wdjb mjht"))).isPresent();
        assertThat(otherNode.approve(sameKey.hash("wdjbmjht"), "alice", Set.of("openid"), START))
                .isTrue();
        assertThat(find("WDJB-MJHT").orElseThrow().subject()).isEqualTo("alice");
    }

    @Test
    void findByUserCodeWhenTypedInLowerCaseWithDashOrSpaceThenFound() {
        store.save(pending("dc-1", "WDJB-MJHT"));

        assertThat(find("wdjb-mjht")).isPresent();
        assertThat(find("wdjbmjht")).isPresent();
        assertThat(find(" Wdjb Mjht ")).isPresent();
        assertThat(find("WDJB-MJHX")).isEmpty();
        assertThat(store.findByUserCodeHash("WDJBMJHT")).isEmpty(); // the code in clear is no key
    }

    @Test
    void findByUserCodeWhenExpiredThenEmpty() {
        store.save(pending("dc-1", "WDJB-MJHT"));
        later(LIFETIME);
        assertThat(find("WDJB-MJHT")).isEmpty();
    }

    @Test
    void pollWhenPendingThenPendingAndFirstPollNeverTooSoon() {
        store.save(pending("dc-1", "WDJB-MJHT"));

        assertThat(poll("dc-1")).isEqualTo(new DevicePoll.Pending());
        assertThat(store.poll("dc-1", "tv", later(INTERVAL))).isEqualTo(new DevicePoll.Pending());
        assertThat(find("WDJB-MJHT").orElseThrow().lastPolledAt()).isEqualTo(clock.instant());
    }

    @Test
    void pollWhenSoonerThanIntervalThenSlowDownAndIntervalRaisedByFiveSeconds() {
        store.save(pending("dc-1", "WDJB-MJHT"));
        poll("dc-1");

        assertThat(store.poll("dc-1", "tv", later(Duration.ofSeconds(1))))
                .isEqualTo(new DevicePoll.SlowDown(Duration.ofSeconds(10)));
        assertThat(find("WDJB-MJHT").orElseThrow().interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(store.poll("dc-1", "tv", later(Duration.ofSeconds(5))))
                .isEqualTo(new DevicePoll.SlowDown(Duration.ofSeconds(15)));
        assertThat(store.poll("dc-1", "tv", later(Duration.ofSeconds(15)))).isEqualTo(new DevicePoll.Pending());
    }

    @Test
    void pollWhenApprovedThenApprovedOnceWithSubjectAndApprovedScopesThenAlreadyRedeemed() {
        store.save(pending("dc-1", "WDJB-MJHT"));
        Instant authTime = START.minusSeconds(5);

        assertThat(store.approve(HASHER.hash("wdjb-mjht"), "alice", Set.of("openid", "profile"), authTime))
                .isTrue();
        DevicePoll first = poll("dc-1");

        assertThat(first).isInstanceOf(DevicePoll.Approved.class);
        DeviceAuthorization approved = ((DevicePoll.Approved) first).authorization();
        assertThat(approved.status()).isEqualTo(DeviceAuthorization.Status.APPROVED);
        assertThat(approved.subject()).isEqualTo("alice");
        assertThat(approved.authTime()).isEqualTo(authTime);
        assertThat(approved.scopes()).containsExactlyInAnyOrder("openid", "profile");
        assertThat(approved.grantId()).isEqualTo("grant-dc-1");

        DevicePoll second = store.poll("dc-1", "tv", later(INTERVAL));
        assertThat(second).isInstanceOf(DevicePoll.AlreadyRedeemed.class);
        assertThat(((DevicePoll.AlreadyRedeemed) second).authorization().grantId())
                .isEqualTo("grant-dc-1");
    }

    @Test
    void pollWhenApprovedButPolledTooSoonThenStillApproved() {
        store.save(pending("dc-1", "WDJB-MJHT"));
        poll("dc-1");
        store.approve(HASHER.hash("WDJBMJHT"), "alice", Set.of("openid"), START);

        assertThat(store.poll("dc-1", "tv", later(Duration.ofSeconds(1)))).isInstanceOf(DevicePoll.Approved.class);
    }

    @Test
    void approveWhenAlreadyDecidedThenFalseAndFirstDecisionKept() {
        store.save(pending("dc-1", "WDJB-MJHT"));
        assertThat(store.approve(HASHER.hash("WDJB-MJHT"), "alice", Set.of("openid"), START))
                .isTrue();

        assertThat(store.approve(HASHER.hash("WDJB-MJHT"), "mallory", Set.of("openid"), START))
                .isFalse();
        assertThat(store.deny(HASHER.hash("WDJB-MJHT"))).isFalse();
        assertThat(find("WDJB-MJHT").orElseThrow().subject()).isEqualTo("alice");
    }

    @Test
    void denyWhenPendingThenPollDeniedAndApprovalRefused() {
        store.save(pending("dc-1", "WDJB-MJHT"));

        assertThat(store.deny(HASHER.hash("wdjb-mjht"))).isTrue();
        assertThat(store.deny(HASHER.hash("WDJB-MJHT"))).isFalse();
        assertThat(store.approve(HASHER.hash("WDJB-MJHT"), "alice", Set.of("openid"), START))
                .isFalse();
        assertThat(poll("dc-1")).isEqualTo(new DevicePoll.Denied());
        assertThat(store.poll("dc-1", "tv", later(INTERVAL))).isEqualTo(new DevicePoll.Denied());
    }

    @Test
    void approveOrDenyWhenExpiredOrUnknownThenFalse() {
        store.save(pending("dc-1", "WDJB-MJHT"));
        assertThat(store.approve(HASHER.hash("BCDF-GHJK"), "alice", Set.of(), START))
                .isFalse();
        assertThat(store.deny(HASHER.hash("BCDF-GHJK"))).isFalse();
        later(LIFETIME);

        assertThat(store.approve(HASHER.hash("WDJB-MJHT"), "alice", Set.of("openid"), START))
                .isFalse();
        assertThat(store.deny(HASHER.hash("WDJB-MJHT"))).isFalse();
    }

    @Test
    void pollWhenExpiredThenExpiredEvenIfApproved() {
        store.save(pending("dc-1", "WDJB-MJHT"));
        store.save(pending("dc-2", "BCDF-GHJK"));
        store.approve(HASHER.hash("BCDF-GHJK"), "alice", Set.of("openid"), START);
        later(LIFETIME);

        assertThat(poll("dc-1")).isEqualTo(new DevicePoll.Expired());
        assertThat(poll("dc-2")).isEqualTo(new DevicePoll.Expired());
    }

    @Test
    void pollWhenAnotherClientThenUnknownAndNothingChanges() {
        store.save(pending("dc-1", "WDJB-MJHT"));
        assertThat(store.poll("dc-1", "other", clock.instant())).isEqualTo(new DevicePoll.Unknown());
        assertThat(poll("dc-1")).isEqualTo(new DevicePoll.Pending()); // the other client's poll was not the last
        store.approve(HASHER.hash("WDJB-MJHT"), "alice", Set.of("openid"), clock.instant());
        assertThat(store.poll("dc-1", "other", later(INTERVAL))).isEqualTo(new DevicePoll.Unknown());
        assertThat(store.poll("dc-1", "tv", later(INTERVAL))).isInstanceOf(DevicePoll.Approved.class);
    }

    @Test
    void pollWhenNeverIssuedOrStoredHashPresentedThenUnknown() {
        DeviceAuthorization authorization = pending("dc-1", "WDJB-MJHT");
        store.save(authorization);
        store.approve(HASHER.hash("WDJB-MJHT"), "alice", Set.of("openid"), START);

        assertThat(poll("dc-2")).isEqualTo(new DevicePoll.Unknown());
        assertThat(poll(authorization.deviceCodeHash())).isEqualTo(new DevicePoll.Unknown());
        assertThat(poll("dc-1")).isInstanceOf(DevicePoll.Approved.class);
    }

    @Test
    void saveWhenUserCodeBelongsToLiveAuthorizationThenRejected() {
        store.save(pending("dc-1", "WDJB-MJHT"));

        assertThatThrownBy(() -> store.save(pending("dc-2", "wdjb-mjht"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.save(pending("dc-1", "BCDF-GHJK"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pollWhenSixteenThreadsRaceOnApprovedCodeThenExactlyOneApproved() throws Exception {
        for (int round = 0; round < 20; round++) {
            String deviceCode = "raced-" + round;
            String userCode = UserCodes.generate(RANDOM);
            store.save(pending(deviceCode, userCode));
            store.approve(HASHER.hash(userCode), "alice", Set.of("openid"), START);

            List<DevicePoll> outcomes = Race.run(() -> store.poll(deviceCode, "tv", clock.instant()));

            assertThat(outcomes)
                    .filteredOn(DevicePoll.Approved.class::isInstance)
                    .hasSize(1);
            assertThat(outcomes)
                    .filteredOn(DevicePoll.AlreadyRedeemed.class::isInstance)
                    .hasSize(Race.THREADS - 1);
        }
    }

    @Test
    void approveWhenSixteenThreadsRaceThenExactlyOneDecisionWins() throws Exception {
        store.save(pending("dc-1", "WDJB-MJHT"));

        List<Boolean> outcomes =
                Race.run(() -> store.approve(HASHER.hash("WDJB-MJHT"), "alice", Set.of("openid"), START));

        assertThat(outcomes).filteredOn(Boolean::booleanValue).hasSize(1);
    }

    @Test
    void countActiveCountsTheClientsUnexpiredAuthorizationsWhateverTheirStatus() {
        store.save(pending("dc-1", "AAAA-AAAA"));
        store.save(pending("dc-2", "BBBB-BBBB"));
        store.save(DeviceAuthorization.builder()
                .deviceCode("dc-other")
                .userCodeHash(HASHER.hash("CCCC-CCCC"))
                .clientId("other-tv")
                .scopes(Set.of("openid"))
                .interval(INTERVAL)
                .expiresAt(START.plus(LIFETIME))
                .grantId("grant-other")
                .build());
        store.deny(HASHER.hash("BBBB-BBBB"));

        assertThat(store.countActive("tv", clock.instant())).isEqualTo(2);
        assertThat(store.countActive("other-tv", clock.instant())).isEqualTo(1);
        assertThat(store.countActive("nobody", clock.instant())).isZero();
        assertThat(store.countActive("tv", later(LIFETIME))).isZero();
    }
}
