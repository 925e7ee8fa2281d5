package io.authdesign.flow;

import static io.authdesign.flow.JwtTestSupport.ISSUER;
import static io.authdesign.flow.JwtTestSupport.START;
import static io.authdesign.flow.JwtTestSupport.bearer;
import static io.authdesign.flow.JwtTestSupport.issue;
import static io.authdesign.flow.JwtTestSupport.json;
import static io.authdesign.flow.JwtTestSupport.jwksJson;
import static io.authdesign.flow.JwtTestSupport.verifyWithJose4j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.keys.InMemoryKeyStore;
import io.authdesign.keys.StoredKey;
import io.authdesign.resource.AuthResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.Test;

/** Key rotation driven by a test clock: interval 1 h, JWKS max-age 5 min, token TTL 10 min, expiry 2 h. */
class KeyRotationTest {

    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final long MAX_AGE = 300;
    private static final long TTL = 600;
    private static final long EXPIRY = 7200;

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryKeyStore store = new InMemoryKeyStore();
    private final InMemoryKeyStore timestamps = new InMemoryKeyStore();

    private OAuth2ClientCredentialsBuilder rotating() {
        return OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .setTokenTTL(TTL)
                .setJwksKeyStore(store)
                .setJwksRotatorOptions(INTERVAL, timestamps)
                .setJwksMaxAge(MAX_AGE)
                .setPublicKeyExpiry(EXPIRY)
                .jwksRoute(route -> {})
                .useAccessTokenJwks(true)
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse(
                        ctx.createJwtAccessToken(Map.of()).token())));
    }

    private static String kid(String token) {
        try {
            return JsonWebStructure.fromCompactSerialization(token).getKeyIdHeaderValue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> publishedKids(AuthDesign design) {
        return ((List<Map<String, Object>>) json(jwksJson(design)).get("keys"))
                .stream().map(k -> (String) k.get("kid")).toList();
    }

    private void at(long seconds) {
        clock.set(START.plusSeconds(seconds));
    }

    private static boolean verifies(AuthDesign design, String token) {
        return design.authenticator().authenticate(bearer(token), Set.of()) instanceof AuthResult.Authenticated;
    }

    @Test
    void rotateWhenCalledAgainWithinIntervalThenOnlyOncePerInterval() {
        OAuth2ClientCredentials design = rotating().build();

        assertThat(design.checkAndRotateKeys()).isTrue();
        at(1800);
        assertThat(design.checkAndRotateKeys()).isFalse();
        at(3599);
        assertThat(design.checkAndRotateKeys()).isFalse();
        at(3600);
        assertThat(design.checkAndRotateKeys()).isTrue();
        at(3601);
        assertThat(design.checkAndRotateKeys()).isFalse();

        assertThat(store.getKeys(clock.instant())).hasSize(2);
        assertThat(timestamps.getLastTimestamp()).contains(START.plusSeconds(3600));
    }

    @Test
    void rotateWhenTwoAuthoritiesShareKeyAndTimestampStoresThenOnlyOneRotates() {
        OAuth2ClientCredentials nodeA = rotating().build();
        OAuth2ClientCredentials nodeB = rotating().build();

        assertThat(nodeA.checkAndRotateKeys()).isTrue();
        assertThat(nodeB.checkAndRotateKeys()).isFalse();
        at(3600);
        assertThat(nodeB.checkAndRotateKeys()).isTrue();
        assertThat(nodeA.checkAndRotateKeys()).isFalse();

        assertThat(store.getKeys(clock.instant())).hasSize(2);
        String token = issue(nodeA, "grant_type=client_credentials");
        assertThat(verifies(nodeB, token)).isTrue();
    }

    @Test
    void rotateWhenNewKeyThenPublishedAtOnceButSignsOnlyAfterMaxAge() throws Exception {
        OAuth2ClientCredentials design = rotating().build();
        design.checkAndRotateKeys();
        String first = store.getKeys(START).get(0).kid();
        assertThat(kid(issue(design, "grant_type=client_credentials"))).isEqualTo(first);

        at(3600);
        assertThat(design.checkAndRotateKeys()).isTrue();
        String second = store.getKeys(clock.instant()).stream()
                .map(StoredKey::kid)
                .filter(k -> !k.equals(first))
                .findFirst()
                .orElseThrow();

        assertThat(publishedKids(design)).containsExactly(second, first);
        assertThat(kid(issue(design, "grant_type=client_credentials"))).isEqualTo(first);
        at(3600 + MAX_AGE - 1);
        assertThat(kid(issue(design, "grant_type=client_credentials"))).isEqualTo(first);
        at(3600 + MAX_AGE);
        String byNewKey = issue(design, "grant_type=client_credentials");
        assertThat(kid(byNewKey)).isEqualTo(second);
        assertThat(verifies(design, byNewKey)).isTrue();
        verifyWithJose4j(byNewKey, jwksJson(design), "at+jwt", "ES256", ISSUER, clock.instant());
    }

    @Test
    void rotateWhenOldKeyThenItsTokensVerifyUntilItsPublicExpiryThenAreRefused() throws Exception {
        OAuth2ClientCredentials design = rotating().build();
        design.checkAndRotateKeys();
        String first = store.getKeys(START).get(0).kid();
        // the longest-lived token the key may sign: it verifies, with skew, until the key's last second
        String longLived = design.settings()
                .jwt()
                .createJwtAccessToken("svc", null, Map.of("exp", START.getEpochSecond() + EXPIRY - 61))
                .token();
        assertThat(kid(longLived)).isEqualTo(first);
        assertThatThrownBy(() -> design.settings()
                        .jwt()
                        .createJwtAccessToken("svc", null, Map.of("exp", START.getEpochSecond() + EXPIRY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beyond the public key expiry");
        String normal = issue(design, "grant_type=client_credentials");
        at(3600);
        design.checkAndRotateKeys();
        at(3600 + MAX_AGE - 1);
        String lastByOldKey = issue(design, "grant_type=client_credentials");
        assertThat(kid(lastByOldKey)).isEqualTo(first);

        at(TTL + 59);
        assertThat(verifies(design, normal)).isTrue();
        at(3600 + MAX_AGE - 1 + TTL - 1);
        verifyWithJose4j(lastByOldKey, jwksJson(design), "at+jwt", "ES256", ISSUER, clock.instant());
        at(3600 + MAX_AGE - 1 + TTL + 59);
        assertThat(verifies(design, lastByOldKey)).isTrue();
        at(EXPIRY - 2);
        assertThat(publishedKids(design)).contains(first);
        assertThat(verifies(design, longLived)).isTrue();
        at(EXPIRY);
        assertThat(publishedKids(design)).doesNotContain(first).hasSize(1);
        assertThat(verifies(design, longLived)).isFalse();
        assertThat(design.settings().jwt().verify(longLived).toString()).contains("unknown kid " + first);
    }

    /**
     * Five hours of a node that checks rotation and issues a token every two minutes, and of a
     * relying party that refreshes its JWKS copy only when its max-age has passed: every unexpired token
     * verifies with the relying party's copy, and keys rotate exactly once per interval.
     */
    @Test
    void rotateWhenRunningForHoursThenEveryLiveTokenVerifiesWithACachedJwksAndOneRotationPerInterval()
            throws Exception {
        OAuth2ClientCredentials design = rotating().build();
        record Issued(String token, Instant expiry) {}
        List<Issued> issued = new ArrayList<>();
        List<Instant> rotations = new ArrayList<>();
        String cachedJwks = null;
        Instant cachedAt = null;
        for (int minute = 0; minute < 5 * 60; minute += 2) {
            at(minute * 60L);
            Instant now = clock.instant();
            if (design.checkAndRotateKeys()) {
                rotations.add(now);
            }
            if (cachedAt == null || !now.isBefore(cachedAt.plusSeconds(MAX_AGE))) {
                cachedJwks = jwksJson(design);
                cachedAt = now;
            }
            issued.add(new Issued(issue(design, "grant_type=client_credentials"), now.plusSeconds(TTL)));
            for (Issued token : issued) {
                if (token.expiry().isAfter(now)) {
                    verifyWithJose4j(token.token(), cachedJwks, "at+jwt", "ES256", ISSUER, now);
                    assertThat(verifies(design, token.token())).isTrue();
                }
            }
        }

        assertThat(rotations)
                .containsExactly(
                        START,
                        START.plus(INTERVAL),
                        START.plus(INTERVAL.multipliedBy(2)),
                        START.plus(INTERVAL.multipliedBy(3)),
                        START.plus(INTERVAL.multipliedBy(4)));
        assertThat(issued.stream().map(i -> kid(i.token())).distinct()).hasSize(5);
        assertThat(store.getKeys(clock.instant())).hasSize(2);
    }

    /**
     * Bug B17 of the original: a key whose publication ends before the token it signs expires. Without
     * rotation, near its expiry the key stops signing and a new one is made for the next token.
     */
    @Test
    void signWhenOnlyKeyExpiresBeforeTheTokenWouldThenFreshKeySignsAndTokenVerifiesItsWholeLifetime() {
        OAuth2ClientCredentials design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .setJwksKeyStore(store)
                .useAccessTokenJwks(true)
                .jwksRoute(route -> {})
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse(
                        ctx.createJwtAccessToken(Map.of()).token())))
                .build();
        String early = issue(design, "grant_type=client_credentials");
        StoredKey firstKey = store.getKeys(START).get(0);
        assertThat(firstKey.expiresAt()).isEqualTo(START.plus(Duration.ofHours(10)));

        at(9 * 3600 - 61);
        assertThat(kid(issue(design, "grant_type=client_credentials"))).isEqualTo(firstKey.kid());
        at(9 * 3600 + 1800);
        String late = issue(design, "grant_type=client_credentials");

        assertThat(kid(late)).isNotEqualTo(firstKey.kid());
        assertThat(kid(early)).isEqualTo(firstKey.kid());
        assertThat(publishedKids(design)).containsExactly(kid(late), firstKey.kid());
        at(9 * 3600 + 1800 + 3600);
        assertThat(publishedKids(design)).containsExactly(kid(late));
        assertThat(verifies(design, late)).isTrue();
    }

    @Test
    void buildWhenPublicKeyExpiryDoesNotExceedIntervalPlusMaxAgePlusTtlThenIllegalState() {
        long needed = INTERVAL.toSeconds() + MAX_AGE + TTL + 60;

        assertThatThrownBy(() -> rotating().setPublicKeyExpiry(needed).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The public key expiry (4560 s) must exceed the rotation interval + JWKS max-age + token"
                        + " TTL + 60 s clock skew (4560 s), or tokens would outlive the key that verifies them");
        assertThat(rotating().setPublicKeyExpiry(needed + 1).build().jwtAuthority())
                .isPresent();
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create()
                        .setIssuer(ISSUER)
                        .jwksRoute(route -> {})
                        .setTokenTTL(7200)
                        .setPublicKeyExpiry(7500)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(7500 s)");
        assertThatThrownBy(() -> MultipleFlowsBuilder.create()
                        .setIssuer(ISSUER)
                        .setJwksRotatorOptions(INTERVAL, timestamps)
                        .setJwksMaxAge(MAX_AGE)
                        .setPublicKeyExpiry(needed + 1)
                        .add(OAuth2ClientCredentialsBuilder.create().setTokenTTL(TTL))
                        .add(OAuth2DeviceAuthorizationBuilder.create().setTokenTTL(TTL + 1))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(4561 s)");
    }

    @Test
    void rotateWhenOnlyRotatorOptionsConfiguredThenFlowHasKeysAndRotates() {
        OAuth2ClientCredentials design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .setJwksRotatorOptions(INTERVAL, timestamps)
                .build();

        assertThat(design.checkAndRotateKeys()).isTrue();
        assertThat(design.jwtAuthority().orElseThrow().keyRing().jwks().get("keys"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .hasSize(1);
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create()
                        .setIssuer(ISSUER)
                        .setJwksRotatorOptions(Duration.ofHours(12), timestamps)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The public key expiry (36000 s) must exceed");
    }

    @Test
    void rotateWhenMultipleFlowsThenOneKeyPerAlgorithmSharedByEveryFlow() {
        MultipleFlows design = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .setJwksKeyStore(store)
                .setJwksRotatorOptions(INTERVAL, timestamps)
                .add(OIDCAuthorizationCodeBuilder.create())
                .add(OAuth2ClientCredentialsBuilder.create())
                .build();

        assertThat(design.checkAndRotateKeys()).isTrue();
        assertThat(design.checkAndRotateKeys()).isFalse();

        assertThat(store.getKeys(START)).extracting(StoredKey::algorithm).containsExactlyInAnyOrder("ES256", "RS256");
        assertThat(design.getFlows())
                .allSatisfy(flow -> assertThat(flow.jwtAuthority())
                        .containsSame(design.jwtAuthority().orElseThrow()));
    }
}
