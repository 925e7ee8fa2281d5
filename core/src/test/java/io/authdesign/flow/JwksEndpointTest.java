package io.authdesign.flow;

import static io.authdesign.flow.JwtTestSupport.ISSUER;
import static io.authdesign.flow.JwtTestSupport.KEYS;
import static io.authdesign.flow.JwtTestSupport.START;
import static io.authdesign.flow.JwtTestSupport.get;
import static io.authdesign.flow.JwtTestSupport.issue;
import static io.authdesign.flow.JwtTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.http.HttpResponse;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.keys.StoredKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;

class JwksEndpointTest {

    private final MutableClock clock = new MutableClock(START);

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> keys(HttpResponse response) {
        return (List<Map<String, Object>>) json(response).get("keys");
    }

    /** One design that signs with every algorithm: RS256 (ID tokens), PS256, EdDSA and ES256 access tokens. */
    private MultipleFlows everyAlgorithm() {
        return MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .add(OIDCAuthorizationCodeBuilder.create().setAccessTokenSigningAlgorithm(SigningAlgorithm.PS256))
                .add(OAuth2ClientCredentialsBuilder.create().setAccessTokenSigningAlgorithm(SigningAlgorithm.EdDSA))
                .add(OAuth2DeviceAuthorizationBuilder.create())
                .build();
    }

    @Test
    void jwksWhenKeysOfEveryAlgorithmThenPublicMembersOnlyWithKidAlgAndUse() throws Exception {
        MultipleFlows design = everyAlgorithm();
        design.generateKeyPair();

        HttpResponse response = get(design, KEYS);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).contains("application/json;charset=UTF-8");
        List<Map<String, Object>> keys = keys(response);
        assertThat(keys).extracting(k -> k.get("alg")).containsExactlyInAnyOrder("ES256", "RS256", "PS256", "EdDSA");
        for (Map<String, Object> key : keys) {
            assertThat(key).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "oth", "k");
            assertThat(key).containsEntry("use", "sig").containsKey("kid");
        }
        assertThat(keys).extracting(k -> k.get("kty")).containsExactlyInAnyOrder("EC", "RSA", "RSA", "OKP");
        List<String> storedKids =
                design.jwtAuthority().orElseThrow().keyRing().lifecycle().store().getKeys(START).stream()
                        .map(StoredKey::kid)
                        .toList();
        assertThat(keys).extracting(k -> k.get("kid")).containsExactlyInAnyOrderElementsOf(storedKids);
        assertThat(new JsonWebKeySet(response.bodyAsString()).getJsonWebKeys()).hasSize(4);
    }

    @Test
    void jwksWhenKeysGeneratedAtDifferentTimesThenNewestFirst() {
        OAuth2ClientCredentials design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .jwksRoute(route -> {})
                .build();
        design.generateKeyPair();
        String oldest = keys(get(design, KEYS)).get(0).get("kid").toString();
        clock.advance(Duration.ofMinutes(1));
        design.generateKeyPair();
        String middle = keys(get(design, KEYS)).get(0).get("kid").toString();
        clock.advance(Duration.ofMinutes(1));
        design.generateKeyPair();

        List<Map<String, Object>> keys = keys(get(design, KEYS));

        assertThat(keys).hasSize(3);
        assertThat(keys.get(1).get("kid")).isEqualTo(middle);
        assertThat(keys.get(2).get("kid")).isEqualTo(oldest);
    }

    @Test
    void jwksWhenMaxAgeConfiguredThenPublicCacheControlWithThatMaxAge() {
        OAuth2ClientCredentials configured = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .setJwksMaxAge(120)
                .jwksRoute(route -> {})
                .build();
        OAuth2ClientCredentials byDefault = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .jwksRoute(route -> {})
                .build();

        assertThat(get(configured, KEYS).header("Cache-Control")).contains("public, max-age=120");
        assertThat(get(byDefault, KEYS).header("Cache-Control")).contains("public, max-age=300");
    }

    @Test
    void jwksWhenPathConfiguredThenServedThereAndAdvertisedAsJwksUri() {
        OAuth2ClientCredentials design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .jwksRoute(route -> route.setPath("/.well-known/jwks.json"))
                .build();

        assertThat(design.endpoints())
                .filteredOn(e -> e.method().equals("GET"))
                .extracting(e -> e.path())
                .contains("/.well-known/jwks.json")
                .doesNotContain(KEYS);
        assertThat(get(design, "/.well-known/jwks.json").status()).isEqualTo(200);
        assertThat(design.authorizationServerMetadata())
                .containsEntry("jwks_uri", "https://auth.example.com/.well-known/jwks.json");
    }

    @Test
    void jwksWhenValidateHandlerGivenThenItShapesTheBodyFromThePublicKeys() {
        OAuth2ClientCredentials design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .jwksRoute(route -> route.validate((jwks, request) -> Map.of(
                        "keys",
                        jwks.get("keys"),
                        "path",
                        request.path(),
                        "count",
                        ((List<?>) jwks.get("keys")).size())))
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse(
                        ctx.createJwtAccessToken(Map.of()).token())))
                .build();
        issue(design, "grant_type=client_credentials");

        Map<String, Object> body = json(get(design, KEYS));

        assertThat(body).containsOnlyKeys("keys", "path", "count");
        assertThat(body).containsEntry("path", KEYS).containsEntry("count", 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) body.get("keys");
        assertThat(keys)
                .singleElement()
                .satisfies(key -> assertThat(key).containsOnlyKeys("kty", "use", "crv", "kid", "x", "y", "alg"));
    }

    @Test
    void jwksWhenOidcFlowThenServedByDefault() {
        OIDCClientCredentials design =
                OIDCClientCredentialsBuilder.create().setIssuer(ISSUER).build();
        design.generateKeyPair();

        List<Map<String, Object>> keys = keys(get(design, KEYS));

        assertThat(keys).extracting(k -> k.get("alg")).containsExactlyInAnyOrder("ES256", "RS256");
        assertThat(design.openIdConfiguration()).containsEntry("jwks_uri", "https://auth.example.com/oauth2/keys");
    }

    @Test
    void jwksWhenTheKeyStoreIsUnreachableThen503TemporarilyUnavailableWithRetryAfter() {
        MultipleFlows design = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .setJwksKeyStore(new io.authdesign.keys.JwksKeyStore() {
                    @Override
                    public void storeKeyPair(StoredKey key) {
                        throw new io.authdesign.StoreUnavailableException("down", null);
                    }

                    @Override
                    public List<StoredKey> getKeys(java.time.Instant now) {
                        throw new io.authdesign.StoreUnavailableException("down", null);
                    }
                })
                .add(OAuth2ClientCredentialsBuilder.create())
                .build();

        HttpResponse response = get(design, KEYS);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).contains("5");
        assertThat(json(response)).containsEntry("error", "temporarily_unavailable");
    }
}
