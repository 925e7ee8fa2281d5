package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RefreshTokenStore} owes: rotation, reuse detection that revokes the family,
 * the grace window and the family's absolute expiry (RFC 9700 section 4.14.2). Subclass it once per
 * implementation and return a fresh, empty store from {@link #newStore}.
 */
public abstract class RefreshTokenStoreContract {

    /** For the store module tests that extend the contract. */
    protected RefreshTokenStoreContract() {}

    /** The instant the test clock starts at. */
    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final Duration FAMILY_LIFETIME = Duration.ofDays(30);
    private static final Duration GRACE = Duration.ofSeconds(10);

    /** The test clock handed to the store. */
    protected final MutableClock clock = MutableClock.at(START);

    private RefreshTokenStore store;

    /** A new, empty store on {@code clock}. */
    protected abstract RefreshTokenStore newStore(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    private static RefreshTokenRecord first(String token, String familyId, String grantId) {
        return RefreshTokenRecord.builder()
                .token(token)
                .familyId(familyId)
                .grantId(grantId)
                .clientId("web")
                .subject("alice")
                .scopes(Set.of("openid", "offline_access"))
                .authTime(START.minusSeconds(60))
                .dpopJkt("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")
                .resources(Set.of("https://orders.example/api", "urn:example:reports"))
                .sid("sid-" + grantId)
                .lifetime(START, START.plus(FAMILY_LIFETIME))
                .build();
    }

    private Instant later(Duration duration) {
        clock.advance(duration);
        return clock.instant();
    }

    private RefreshRotation rotate(String presented, String newToken) {
        return store.rotate(presented, newToken, clock.instant(), RefreshTokenStore.NO_GRACE);
    }

    @Test
    void findWhenSavedThenEveryFieldRoundTrips() {
        RefreshTokenRecord record = first("rt-1", "fam-1", "grant-1");
        store.save(record);

        assertThat(store.find("rt-1")).contains(record);
    }

    @Test
    void findWhenNeverIssuedOrStoredHashPresentedThenEmpty() {
        RefreshTokenRecord record = first("rt-1", "fam-1", "grant-1");
        store.save(record);

        assertThat(store.find("rt-2")).isEmpty();
        assertThat(store.find(record.tokenHash())).isEmpty();
        assertThat(rotate(record.tokenHash(), "rt-x")).isInstanceOf(RefreshRotation.Unknown.class);
    }

    @Test
    void rotateWhenUnusedThenSuccessorInheritsFamilyGrantBindingAndAbsoluteExpiry() {
        RefreshTokenRecord record = first("rt-1", "fam-1", "grant-1");
        store.save(record);
        Instant now = later(Duration.ofHours(1));

        RefreshRotation rotation = store.rotate("rt-1", "rt-2", now, RefreshTokenStore.NO_GRACE);

        assertThat(rotation).isInstanceOf(RefreshRotation.Rotated.class);
        RefreshRotation.Rotated rotated = (RefreshRotation.Rotated) rotation;
        assertThat(rotated.previous()).isEqualTo(record);
        assertThat(rotated.next()).isEqualTo(record.successor("rt-2", now));
        assertThat(rotated.next().expiresAt()).isEqualTo(record.expiresAt());
        assertThat(rotated.next().sid()).isEqualTo("sid-grant-1");
        assertThat(rotated.next().issuedAt()).isEqualTo(now);
        assertThat(store.find("rt-1")).isEmpty();
        assertThat(store.find("rt-2")).contains(rotated.next());
    }

    @Test
    void rotateWhenUsedTokenPresentedAgainThenReusedAndWholeFamilyRevoked() {
        store.save(first("rt-1", "fam-1", "grant-1"));
        rotate("rt-1", "rt-2");
        rotate("rt-2", "rt-3");
        later(Duration.ofMinutes(5));

        RefreshRotation reuse = rotate("rt-1", "rt-x");

        assertThat(reuse).isInstanceOf(RefreshRotation.Reused.class);
        assertThat(((RefreshRotation.Reused) reuse).record().familyId()).isEqualTo("fam-1");
        assertThat(store.find("rt-3")).isEmpty();
        assertThat(rotate("rt-3", "rt-4")).isInstanceOf(RefreshRotation.Revoked.class);
        assertThat(rotate("rt-x", "rt-5")).isInstanceOf(RefreshRotation.Unknown.class);
    }

    @Test
    void rotateWhenFamilyStartedBeforeTimeOrderedTokensThenItRotatesOntoThemAndReuseOfEitherFormatIsDetected() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        String legacy = "x89WaBzIf82Gh4p7IoFRD5vrPXLLGL2Bomnkco_vaDo"; // 43 random base64url characters
        store.save(first(legacy, "fam-1", "grant-1"));
        String second = OrderedTokens.generate(later(Duration.ofMinutes(1)), random);
        String third = OrderedTokens.generate(later(Duration.ofMinutes(1)), random);

        assertThat(rotate(legacy, second)).isInstanceOf(RefreshRotation.Rotated.class);
        assertThat(store.find(second).orElseThrow().tokenHash()).isEqualTo(OrderedTokens.key(second));
        assertThat(rotate(second, third)).isInstanceOf(RefreshRotation.Rotated.class);
        assertThat(store.find(third)).isPresent();
        later(Duration.ofMinutes(5));

        assertThat(rotate(second, OrderedTokens.generate(clock.instant(), random)))
                .isInstanceOf(RefreshRotation.Reused.class);
        assertThat(store.find(third)).isEmpty();
        assertThat(rotate(legacy, "rt-x")).isInstanceOf(RefreshRotation.Revoked.class);
    }

    @Test
    void rotateWhenTimeOrderedTokenAlteredInItsPrefixOrRandomPartThenUnknownAndTokenStillLive() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        String token = OrderedTokens.generate(START, random);
        store.save(first(token, "fam-1", "grant-1"));
        char last = token.charAt(token.length() - 1);
        String otherPrefix = (token.charAt(0) == '0' ? '1' : '0') + token.substring(1);
        String otherSecret = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        String hashOnly = TokenHashes.sha256(token);

        for (String forged : List.of(otherPrefix, otherSecret, hashOnly, OrderedTokens.key(token))) {
            assertThat(store.find(forged)).isEmpty();
            assertThat(rotate(forged, OrderedTokens.generate(START, random)))
                    .isInstanceOf(RefreshRotation.Unknown.class);
        }
        assertThat(store.find(token)).isPresent();
    }

    @Test
    void rotateWhenReusedThenOtherFamiliesUntouched() {
        store.save(first("a-1", "fam-a", "grant-a"));
        store.save(first("b-1", "fam-b", "grant-b"));
        rotate("a-1", "a-2");
        rotate("a-1", "a-3");

        assertThat(store.find("b-1")).isPresent();
        assertThat(rotate("b-1", "b-2")).isInstanceOf(RefreshRotation.Rotated.class);
    }

    @Test
    void rotateWhenUsedTokenRetriedWithinGraceThenRotatedAgainAndEarlierSuccessorSuperseded() {
        store.save(first("rt-1", "fam-1", "grant-1"));
        store.rotate("rt-1", "rt-2", clock.instant(), GRACE);
        Instant retry = later(GRACE.minusSeconds(1));

        RefreshRotation again = store.rotate("rt-1", "rt-3", retry, GRACE);

        assertThat(again).isInstanceOf(RefreshRotation.Rotated.class);
        assertThat(((RefreshRotation.Rotated) again).next().familyId()).isEqualTo("fam-1");
        assertThat(store.find("rt-2")).isEmpty();
        assertThat(store.find("rt-3")).isPresent();
        assertThat(store.rotate("rt-3", "rt-4", retry, GRACE)).isInstanceOf(RefreshRotation.Rotated.class);
    }

    @Test
    void rotateWhenSupersededSuccessorPresentedThenReusedAndFamilyRevoked() {
        store.save(first("rt-1", "fam-1", "grant-1"));
        store.rotate("rt-1", "rt-2", clock.instant(), GRACE);
        store.rotate("rt-1", "rt-3", later(Duration.ofSeconds(1)), GRACE);

        assertThat(store.rotate("rt-2", "rt-4", later(Duration.ofSeconds(1)), GRACE))
                .isInstanceOf(RefreshRotation.Reused.class);
        assertThat(store.find("rt-3")).isEmpty();
    }

    @Test
    void rotateWhenGraceRetriedThenWindowStillCountsFromFirstUse() {
        store.save(first("rt-1", "fam-1", "grant-1"));
        store.rotate("rt-1", "rt-2", clock.instant(), GRACE);
        store.rotate("rt-1", "rt-3", later(GRACE.minusSeconds(2)), GRACE);

        assertThat(store.rotate("rt-1", "rt-4", later(Duration.ofSeconds(2)), GRACE))
                .isInstanceOf(RefreshRotation.Reused.class);
        assertThat(store.find("rt-3")).isEmpty();
    }

    @Test
    void rotateWhenGraceWindowElapsedThenReusedAndFamilyRevoked() {
        store.save(first("rt-1", "fam-1", "grant-1"));
        store.rotate("rt-1", "rt-2", clock.instant(), GRACE);

        assertThat(store.rotate("rt-1", "rt-3", later(GRACE), GRACE)).isInstanceOf(RefreshRotation.Reused.class);
        assertThat(store.find("rt-2")).isEmpty();
    }

    @Test
    void rotateWhenWithinGraceButSuccessorAlreadyUsedThenReused() {
        store.save(first("rt-1", "fam-1", "grant-1"));
        store.rotate("rt-1", "rt-2", clock.instant(), GRACE);
        store.rotate("rt-2", "rt-3", later(Duration.ofSeconds(1)), GRACE);

        assertThat(store.rotate("rt-1", "rt-4", later(Duration.ofSeconds(1)), GRACE))
                .isInstanceOf(RefreshRotation.Reused.class);
        assertThat(store.find("rt-3")).isEmpty();
    }

    @Test
    void rotateWhenFamilyAbsoluteExpiryReachedThenUnknownDespiteRotations() {
        store.save(first("rt-1", "fam-1", "grant-1"));
        store.rotate("rt-1", "rt-2", later(Duration.ofDays(10)), RefreshTokenStore.NO_GRACE);
        store.rotate("rt-2", "rt-3", later(Duration.ofDays(10)), RefreshTokenStore.NO_GRACE);
        later(Duration.ofDays(10));

        assertThat(store.find("rt-3")).isEmpty();
        assertThat(rotate("rt-3", "rt-4")).isInstanceOf(RefreshRotation.Unknown.class);
    }

    @Test
    void revokeFamilyWhenCalledThenLiveTokenRevokedAndNotFound() {
        store.save(first("rt-1", "fam-1", "grant-1"));
        store.save(first("other", "fam-2", "grant-1"));
        rotate("rt-1", "rt-2");

        store.revokeFamily("fam-1");
        store.revokeFamily("unknown-family");

        assertThat(store.find("rt-2")).isEmpty();
        assertThat(rotate("rt-2", "rt-3")).isInstanceOf(RefreshRotation.Revoked.class);
        assertThat(rotate("rt-1", "rt-3")).isInstanceOf(RefreshRotation.Revoked.class);
        assertThat(store.find("other")).isPresent();
    }

    @Test
    void revokeGrantWhenCodeRedeemedTwiceThenEveryFamilyOfThatGrantRevoked() {
        store.save(first("a-1", "fam-a", "grant-1"));
        store.save(first("b-1", "fam-b", "grant-1"));
        store.save(first("c-1", "fam-c", "grant-2"));
        rotate("a-1", "a-2");

        store.revokeGrant("grant-1");

        assertThat(rotate("a-2", "a-3")).isInstanceOf(RefreshRotation.Revoked.class);
        assertThat(rotate("b-1", "b-2")).isInstanceOf(RefreshRotation.Revoked.class);
        assertThat(store.find("c-1")).isPresent();
    }

    @Test
    void useWithoutRotationWhenUsedRepeatedlyThenSameRecordKeptAndStillLive() {
        RefreshTokenRecord record = first("rt-1", "fam-1", "grant-1");
        store.save(record);

        RefreshRotation first = store.useWithoutRotation("rt-1", later(Duration.ofHours(1)));
        RefreshRotation second = store.useWithoutRotation("rt-1", later(Duration.ofDays(1)));

        assertThat(first).isEqualTo(new RefreshRotation.Kept(record));
        assertThat(second).isEqualTo(new RefreshRotation.Kept(record));
        assertThat(store.find("rt-1")).contains(record);
        assertThat(store.grantsOf("alice", clock.instant()))
                .extracting(UserGrant::grantId, UserGrant::expiresAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("grant-1", record.expiresAt()));
    }

    @Test
    void useWithoutRotationWhenKeptThenRotationStillPossibleAndOldTokenThenReused() {
        store.save(first("rt-1", "fam-1", "grant-1"));
        store.useWithoutRotation("rt-1", clock.instant());

        assertThat(rotate("rt-1", "rt-2")).isInstanceOf(RefreshRotation.Rotated.class);
        RefreshRotation reuse = store.useWithoutRotation("rt-1", later(Duration.ofMinutes(1)));

        assertThat(reuse).isInstanceOf(RefreshRotation.Reused.class);
        assertThat(store.find("rt-2")).isEmpty();
        assertThat(store.useWithoutRotation("rt-2", clock.instant())).isInstanceOf(RefreshRotation.Revoked.class);
    }

    @Test
    void useWithoutRotationWhenFamilyOrGrantRevokedThenRevoked() {
        store.save(first("a-1", "fam-a", "grant-a"));
        store.save(first("b-1", "fam-b", "grant-b"));
        store.save(first("c-1", "fam-c", "grant-c"));
        store.useWithoutRotation("a-1", clock.instant());
        store.useWithoutRotation("b-1", clock.instant());

        store.revokeFamily("fam-a");
        store.revokeGrant("grant-b");

        assertThat(store.useWithoutRotation("a-1", clock.instant())).isInstanceOf(RefreshRotation.Revoked.class);
        assertThat(store.useWithoutRotation("b-1", clock.instant())).isInstanceOf(RefreshRotation.Revoked.class);
        assertThat(store.find("a-1")).isEmpty();
        assertThat(store.useWithoutRotation("c-1", clock.instant())).isInstanceOf(RefreshRotation.Kept.class);
    }

    @Test
    void useWithoutRotationWhenFamilyExpiredOrTokenUnknownThenUnknown() {
        RefreshTokenRecord record = first("rt-1", "fam-1", "grant-1");
        store.save(record);
        store.useWithoutRotation("rt-1", later(Duration.ofDays(29)));

        assertThat(store.useWithoutRotation("rt-1", later(Duration.ofDays(1))))
                .isInstanceOf(RefreshRotation.Unknown.class);
        assertThat(store.useWithoutRotation("never-issued", clock.instant()))
                .isInstanceOf(RefreshRotation.Unknown.class);
        assertThat(store.useWithoutRotation(record.tokenHash(), clock.instant()))
                .isInstanceOf(RefreshRotation.Unknown.class);
        assertThat(store.useWithoutRotation(null, clock.instant())).isInstanceOf(RefreshRotation.Unknown.class);
    }

    @Test
    void useWithoutRotationWhenSixteenThreadsRaceThenAllKeptAndTokenStillLive() throws Exception {
        RefreshTokenRecord record = first("rt-1", "fam-1", "grant-1");
        store.save(record);

        List<RefreshRotation> outcomes = Race.run(() -> store.useWithoutRotation("rt-1", clock.instant()));

        assertThat(outcomes).hasSize(Race.THREADS).allMatch(new RefreshRotation.Kept(record)::equals);
        assertThat(store.find("rt-1")).contains(record);
    }

    @Test
    void saveWhenSameTokenSavedTwiceThenRejected() {
        store.save(first("rt-1", "fam-1", "grant-1"));
        assertThatThrownBy(() -> store.save(first("rt-1", "fam-9", "grant-9")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rotateWhenSixteenThreadsRaceThenExactlyOneRotatedAndTheRestRevokeTheFamily() throws Exception {
        for (int round = 0; round < 20; round++) {
            String token = "raced-" + round;
            store.save(first(token, "fam-" + round, "grant-" + round));
            AtomicInteger next = new AtomicInteger();

            List<RefreshRotation> outcomes = Race.run(() -> store.rotate(
                    token, token + "-next-" + next.incrementAndGet(), clock.instant(), RefreshTokenStore.NO_GRACE));

            assertThat(outcomes)
                    .filteredOn(RefreshRotation.Rotated.class::isInstance)
                    .hasSize(1);
            assertThat(outcomes)
                    .filteredOn(o -> o instanceof RefreshRotation.Reused || o instanceof RefreshRotation.Revoked)
                    .hasSize(Race.THREADS - 1);
        }
    }

    @Test
    void rotateWhenRacingARevocationOfItsFamilyThenNoTokenOfTheFamilyStaysLive() throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String token = "revoked-race-" + round;
                String family = "revoked-fam-" + round;
                store.save(first(token, family, "revoked-grant-" + round));
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);

                var rotation = threads.submit(() -> {
                    start.await();
                    return rotate(token, token + "-next");
                });
                var revocation = threads.submit(() -> {
                    start.await();
                    store.revokeFamily(family);
                    return null;
                });
                RefreshRotation outcome = rotation.get();
                revocation.get();

                // RFC 9700 section 4.14.2: whichever commits first, the revoked family leaves nothing usable
                assertThat(outcome).isInstanceOfAny(RefreshRotation.Rotated.class, RefreshRotation.Revoked.class);
                assertThat(store.find(token)).isEmpty();
                assertThat(store.find(token + "-next")).isEmpty();
                assertThat(rotate(token + "-next", token + "-after"))
                        .isInstanceOfAny(RefreshRotation.Revoked.class, RefreshRotation.Unknown.class);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void rotateWhenSixteenThreadsRaceWithinGraceThenOneLiveTokenRemains() throws Exception {
        store.save(first("rt-1", "fam-1", "grant-1"));
        AtomicInteger next = new AtomicInteger();

        List<RefreshRotation> outcomes =
                Race.run(() -> store.rotate("rt-1", "rt-next-" + next.incrementAndGet(), clock.instant(), GRACE));

        List<String> issued = outcomes.stream()
                .filter(RefreshRotation.Rotated.class::isInstance)
                .map(o -> ((RefreshRotation.Rotated) o).next().tokenHash())
                .toList();
        assertThat(issued).hasSize(Race.THREADS);
        long live = IntStream.rangeClosed(1, Race.THREADS)
                .filter(i -> store.find("rt-next-" + i).isPresent())
                .count();
        assertThat(live).isEqualTo(1);
    }

    @Test
    void grantsOfWhenRotatedRevokedOrOtherUserThenOnlyLiveGrantsOncePerGrant() {
        store.save(first("rt-1", "family-1", "grant-1"));
        store.save(first("rt-2", "family-2", "grant-2"));
        store.save(RefreshTokenRecord.builder()
                .token("rt-bob")
                .familyId("family-bob")
                .grantId("grant-bob")
                .clientId("tv")
                .subject("bob")
                .scopes(Set.of("openid"))
                .authTime(START)
                .lifetime(START, START.plus(FAMILY_LIFETIME))
                .build());
        assertThat(rotate("rt-1", "rt-1b")).isInstanceOf(RefreshRotation.Rotated.class);
        store.revokeGrant("grant-2");

        assertThat(store.grantsOf("alice", later(Duration.ofMinutes(1))))
                .singleElement()
                .satisfies(grant -> {
                    assertThat(grant.grantId()).isEqualTo("grant-1");
                    assertThat(grant.clientId()).isEqualTo("web");
                    assertThat(grant.scopes()).containsExactlyInAnyOrder("openid", "offline_access");
                    assertThat(grant.expiresAt()).isEqualTo(START.plus(FAMILY_LIFETIME));
                });
        assertThat(store.grantsOf("bob", clock.instant()))
                .extracting(UserGrant::grantId)
                .containsExactly("grant-bob");
        assertThat(store.grantsOf("alice", START.plus(FAMILY_LIFETIME))).isEmpty();
        assertThat(store.grantsOf("carol", clock.instant())).isEmpty();
    }
}
