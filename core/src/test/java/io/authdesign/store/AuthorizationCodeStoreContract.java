package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AuthorizationCodeStore} owes (RFC 6749 section 4.1.2). Subclass it once per
 * implementation and return a fresh, empty store from {@link #newStore}.
 */
public abstract class AuthorizationCodeStoreContract {

    /** For the store module tests that extend the contract. */
    protected AuthorizationCodeStoreContract() {}

    /** The instant the test clock starts at. */
    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final Duration LIFETIME = Duration.ofSeconds(60);

    /** The test clock handed to the store. */
    protected final MutableClock clock = MutableClock.at(START);

    private AuthorizationCodeStore store;

    /** A new, empty store on {@code clock}. */
    protected abstract AuthorizationCodeStore newStore(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    private static AuthorizationCodeGrant grant(String code) {
        return AuthorizationCodeGrant.builder()
                .code(code)
                .clientId("web")
                .redirectUri("https://app.example/cb")
                .subject("alice")
                .scopes(Set.of("openid", "profile"))
                .codeChallenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256")
                .nonce("n-0S6_WzA2Mj")
                .authTime(START.minusSeconds(30))
                .acr("urn:mace:incommon:iap:silver")
                .claimsRequest("{\"userinfo\":{\"email\":null}}")
                .dpopJkt("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")
                .resources(Set.of("https://orders.example/api", "urn:example:reports"))
                .grantId("grant-" + code)
                .sid("sid-" + code)
                .lifetime(START, START.plus(LIFETIME))
                .build();
    }

    @Test
    void consumeWhenSavedThenRedeemedWithEveryField() {
        AuthorizationCodeGrant grant = grant("code-1");
        store.save(grant);

        assertThat(store.consume("code-1")).isEqualTo(new CodeRedemption.Redeemed(grant));
    }

    @Test
    void consumeWhenOptionalFieldsAbsentThenRedeemedWithNulls() {
        AuthorizationCodeGrant grant = AuthorizationCodeGrant.builder()
                .code("code-min")
                .clientId("web")
                .subject("alice")
                .authTime(START)
                .grantId("g")
                .lifetime(START, START.plus(LIFETIME))
                .build();
        store.save(grant);

        assertThat(store.consume("code-min")).isEqualTo(new CodeRedemption.Redeemed(grant));
    }

    @Test
    void consumeWhenCalledAgainThenAlreadyRedeemedWithTheGrantToRevoke() {
        AuthorizationCodeGrant grant = grant("code-1");
        store.save(grant);
        store.consume("code-1");

        assertThat(store.consume("code-1")).isEqualTo(new CodeRedemption.AlreadyRedeemed(grant));
        clock.advance(LIFETIME.minusSeconds(1));
        assertThat(store.consume("code-1")).isEqualTo(new CodeRedemption.AlreadyRedeemed(grant));
    }

    @Test
    void consumeWhenNeverIssuedThenUnknown() {
        store.save(grant("code-1"));
        assertThat(store.consume("code-2")).isInstanceOf(CodeRedemption.Unknown.class);
        assertThat(store.consume("")).isInstanceOf(CodeRedemption.Unknown.class);
    }

    @Test
    void consumeWhenStoredHashPresentedThenUnknownBecauseOnlyHashesAreKept() {
        AuthorizationCodeGrant grant = grant("code-1");
        store.save(grant);

        assertThat(grant.codeHash()).isNotEqualTo("code-1");
        assertThat(store.consume(grant.codeHash())).isInstanceOf(CodeRedemption.Unknown.class);
        assertThat(store.consume("code-1")).isInstanceOf(CodeRedemption.Redeemed.class);
    }

    @Test
    void consumeWhenExpiredThenUnknown() {
        store.save(grant("code-1"));
        clock.advance(LIFETIME);

        assertThat(store.consume("code-1")).isInstanceOf(CodeRedemption.Unknown.class);
    }

    @Test
    void consumeWhenUsedCodeExpiredThenUnknown() {
        store.save(grant("code-1"));
        store.consume("code-1");
        clock.advance(LIFETIME.plusSeconds(1));

        assertThat(store.consume("code-1")).isInstanceOf(CodeRedemption.Unknown.class);
    }

    @Test
    void consumeWhenOtherCodeUsedThenThisOneStillRedeemable() {
        store.save(grant("code-1"));
        store.save(grant("code-2"));
        store.consume("code-1");

        assertThat(store.consume("code-2")).isInstanceOf(CodeRedemption.Redeemed.class);
    }

    @Test
    void saveWhenSameCodeSavedTwiceThenRejected() {
        store.save(grant("code-1"));
        assertThatThrownBy(() -> store.save(grant("code-1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void consumeWhenSixteenThreadsRaceThenExactlyOneRedeemed() throws Exception {
        for (int round = 0; round < 20; round++) {
            String code = "raced-" + round;
            store.save(grant(code));

            List<CodeRedemption> outcomes = Race.run(() -> store.consume(code));

            assertThat(outcomes)
                    .filteredOn(CodeRedemption.Redeemed.class::isInstance)
                    .hasSize(1);
            assertThat(outcomes)
                    .filteredOn(CodeRedemption.AlreadyRedeemed.class::isInstance)
                    .hasSize(Race.THREADS - 1);
        }
    }
}
