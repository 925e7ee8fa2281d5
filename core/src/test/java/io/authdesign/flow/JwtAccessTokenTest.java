package io.authdesign.flow;

import static io.authdesign.flow.JwtTestSupport.ISSUER;
import static io.authdesign.flow.JwtTestSupport.START;
import static io.authdesign.flow.JwtTestSupport.TOKEN;
import static io.authdesign.flow.JwtTestSupport.issue;
import static io.authdesign.flow.JwtTestSupport.json;
import static io.authdesign.flow.JwtTestSupport.jwksJson;
import static io.authdesign.flow.JwtTestSupport.verifyWithJose4j;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.NoneAuthMethod;
import io.authdesign.http.HttpResponse;
import io.authdesign.jwt.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JwtAccessTokenTest {

    private final MutableClock clock = new MutableClock(START);

    private OAuth2ClientCredentialsBuilder clientCredentials(Map<String, ?> claims) {
        return OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .setTokenTTL(900)
                .jwksRoute(route -> {})
                .tokenRoute(route -> route.generateToken((ctx, request) ->
                        new OAuth2TokenResponse(ctx.createJwtAccessToken(claims).token())));
    }

    private static JsonWebStructure header(String token) throws Exception {
        return JsonWebStructure.fromCompactSerialization(token);
    }

    private static List<String> kids(String jwks) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) json(jwks).get("keys");
        return keys.stream().map(k -> (String) k.get("kid")).toList();
    }

    @Test
    void accessTokenWhenIssuedWithDefaultsThenRfc9068HeaderAndClaimsVerifiedByJose4j() throws Exception {
        OAuth2ClientCredentials design = clientCredentials(Map.of()).build();

        String token = issue(design, "grant_type=client_credentials&scope=read+write");

        JsonWebStructure jws = header(token);
        assertThat(jws.getHeader("typ")).isEqualTo("at+jwt");
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("ES256");
        String jwks = jwksJson(design);
        assertThat(kids(jwks)).containsExactly(jws.getKeyIdHeaderValue());
        JwtClaims claims = verifyWithJose4j(token, jwks, "at+jwt", "ES256", ISSUER, START);
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("svc");
        assertThat(claims.getAudience()).containsExactly(ISSUER);
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(START.getEpochSecond());
        assertThat(claims.getExpirationTime().getValue()).isEqualTo(START.getEpochSecond() + 900);
        assertThat(claims.getJwtId()).isNotBlank();
        assertThat(claims.getClaimValue("client_id")).isEqualTo("svc");
        assertThat(claims.getClaimValue("scope")).isEqualTo("read write");
        assertThat(claims.getClaimNames())
                .containsExactlyInAnyOrder("iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope");
    }

    @Test
    void accessTokenWhenNoScopeRequestedThenNoScopeClaim() throws Exception {
        OAuth2ClientCredentials design = clientCredentials(Map.of()).build();

        String token = issue(design, "grant_type=client_credentials");

        JwtClaims claims = verifyWithJose4j(token, jwksJson(design), "at+jwt", "ES256", ISSUER, START);
        assertThat(claims.hasClaim("scope")).isFalse();
    }

    @Test
    void accessTokenWhenIssuedTwiceThenJtiDiffers() throws Exception {
        OAuth2ClientCredentials design = clientCredentials(Map.of()).build();
        String first = issue(design, "grant_type=client_credentials");
        String second = issue(design, "grant_type=client_credentials");
        String jwks = jwksJson(design);

        String firstJti =
                verifyWithJose4j(first, jwks, "at+jwt", "ES256", ISSUER, START).getJwtId();
        String secondJti =
                verifyWithJose4j(second, jwks, "at+jwt", "ES256", ISSUER, START).getJwtId();

        assertThat(firstJti).isNotEqualTo(secondJti);
    }

    @Test
    void accessTokenWhenUserClaimsGivenThenTheyOverrideDefaultsButNeverTypHeader() throws Exception {
        OAuth2ClientCredentials design = clientCredentials(Map.of(
                        "sub", "user-42",
                        "aud", "https://api.example.com",
                        "typ", "JWT",
                        "client_id", "other",
                        "tenant", "acme"))
                .build();

        String token = issue(design, "grant_type=client_credentials&scope=read");

        assertThat(header(token).getHeader("typ")).isEqualTo("at+jwt");
        JwtClaims claims =
                verifyWithJose4j(token, jwksJson(design), "at+jwt", "ES256", "https://api.example.com", START);
        assertThat(claims.getSubject()).isEqualTo("user-42");
        assertThat(claims.getAudience()).containsExactly("https://api.example.com");
        assertThat(claims.getClaimValue("client_id")).isEqualTo("other");
        assertThat(claims.getClaimValue("tenant")).isEqualTo("acme");
        assertThat(claims.getClaimValue("scope")).isEqualTo("read");
    }

    @Test
    void accessTokenWhenAudienceConfiguredThenAudIsThatAudience() throws Exception {
        OAuth2ClientCredentials one = clientCredentials(Map.of())
                .setAccessTokenAudience("https://api.example.com")
                .build();
        OAuth2ClientCredentials two = clientCredentials(Map.of())
                .setAccessTokenAudience("https://a.example.com", "https://b.example.com")
                .build();

        JwtClaims single = verifyWithJose4j(
                issue(one, "grant_type=client_credentials"),
                jwksJson(one),
                "at+jwt",
                "ES256",
                "https://api.example.com",
                START);
        JwtClaims both = verifyWithJose4j(
                issue(two, "grant_type=client_credentials"),
                jwksJson(two),
                "at+jwt",
                "ES256",
                "https://b.example.com",
                START);

        assertThat(single.getAudience()).containsExactly("https://api.example.com");
        assertThat(both.getAudience()).containsExactly("https://a.example.com", "https://b.example.com");
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void accessTokenWhenAlgorithmSelectedThenSignedWithItAndVerifiedByJose4jFromJwks(SigningAlgorithm algorithm)
            throws Exception {
        OAuth2ClientCredentials design = clientCredentials(Map.of())
                .setAccessTokenSigningAlgorithm(algorithm)
                .build();

        String token = issue(design, "grant_type=client_credentials&scope=read");

        String alg = algorithm.jws().getName();
        assertThat(header(token).getAlgorithmHeaderValue()).isEqualTo(alg);
        JwtClaims claims = verifyWithJose4j(token, jwksJson(design), "at+jwt", alg, ISSUER, START);
        assertThat(claims.getSubject()).isEqualTo("svc");
    }

    @Test
    void helpersWhenFlowHasNoKeysThenSigningThrowsIllegalStateAndVerifyingRefuses() {
        List<String> seen = new CopyOnWriteArrayList<>();
        OAuth2ClientCredentials design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .tokenRoute(route -> route.generateToken((ctx, request) -> {
                    try {
                        ctx.createJwtAccessToken(Map.of());
                    } catch (IllegalStateException e) {
                        seen.add("access:" + e.getClass().getSimpleName());
                    }
                    try {
                        ctx.createIdToken(Map.of("sub", "u"));
                    } catch (IllegalStateException e) {
                        seen.add("id:" + e.getClass().getSimpleName());
                    }
                    seen.add("verify:" + ctx.verifyJwt("a.b.c").isPresent());
                    return new OAuth2TokenResponse("opaque");
                }))
                .build();

        issue(design, "grant_type=client_credentials");

        assertThat(seen).containsExactly("access:IllegalStateException", "id:IllegalStateException", "verify:false");
        assertThat(design.jwtAuthority()).isEmpty();
        assertThat(design.endpoints()).noneMatch(e -> e.path().equals(JwtTestSupport.KEYS));
    }

    @Test
    void idTokenWhenFlowIsNotOidcThenIllegalStateException() {
        List<String> seen = new CopyOnWriteArrayList<>();
        OAuth2ClientCredentials design = clientCredentials(Map.of())
                .tokenRoute(route -> route.generateToken((ctx, request) -> {
                    try {
                        ctx.createIdToken(Map.of("sub", "u"));
                    } catch (IllegalStateException e) {
                        seen.add(e.getMessage());
                    }
                    return new OAuth2TokenResponse("opaque");
                }))
                .build();

        issue(design, "grant_type=client_credentials");

        assertThat(seen).containsExactly("ID tokens are issued by OpenID Connect flows only (OIDC...Builder)");
    }

    private final List<String> failures = new CopyOnWriteArrayList<>();

    private OIDCAuthorizationCode oidcWithIdToken(Map<String, ?> idClaims) {
        return OIDCAuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .setTokenTTL(600)
                .addClientAuthenticationMethod(new NoneAuthMethod())
                .tokenRoute(route -> route.generateToken((ctx, request) -> {
                    String access =
                            ctx.createJwtAccessToken(Map.of("sub", "user-1")).token();
                    try {
                        return new OAuth2TokenResponse(access)
                                .setIdToken(ctx.createIdToken(idClaims, access).token());
                    } catch (RuntimeException e) {
                        failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                        throw e;
                    }
                }))
                .build();
    }

    @Test
    void idTokenWhenOidcFlowThenTypJwtRs256AudClientNonceAuthTimeAndIndependentAtHash() throws Exception {
        long authTime = START.getEpochSecond() - 30;
        OIDCAuthorizationCode design =
                oidcWithIdToken(Map.of("sub", "user-1", "nonce", "n-0S6_WzA2Mj", "auth_time", authTime));

        HttpResponse response = Requests.post(design, TOKEN, "grant_type=authorization_code&code=c&client_id=app");

        assertThat(response.status()).as(response.bodyAsString()).isEqualTo(200);
        Map<String, Object> body = json(response);
        String access = (String) body.get("access_token");
        String idToken = (String) body.get("id_token");
        JsonWebStructure jws = header(idToken);
        assertThat(jws.getHeader("typ")).isEqualTo("JWT");
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("RS256");
        String jwks = jwksJson(design);
        assertThat(kids(jwks))
                .contains(jws.getKeyIdHeaderValue(), header(access).getKeyIdHeaderValue());
        JwtClaims claims = verifyWithJose4j(idToken, jwks, "JWT", "RS256", "app", START);
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("user-1");
        assertThat(claims.getAudience()).containsExactly("app");
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(START.getEpochSecond());
        assertThat(claims.getExpirationTime().getValue()).isEqualTo(START.getEpochSecond() + 600);
        assertThat(claims.getClaimValue("nonce")).isEqualTo("n-0S6_WzA2Mj");
        assertThat(claims.getNumericDateClaimValue("auth_time").getValue()).isEqualTo(authTime);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(access.getBytes(StandardCharsets.US_ASCII));
        String expectedAtHash = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        assertThat(claims.getClaimValue("at_hash")).isEqualTo(expectedAtHash);
        verifyWithJose4j(access, jwks, "at+jwt", "ES256", ISSUER, START);
    }

    @Test
    void idTokenWhenSubMissingThenHandlerFailsAndServerError500WithoutExceptionText() {
        OIDCAuthorizationCode design = oidcWithIdToken(Map.of("nonce", "n"));

        HttpResponse response = Requests.post(design, TOKEN, "grant_type=authorization_code&code=c&client_id=app");

        assertThat(failures).containsExactly("IllegalArgumentException: An ID token needs a 'sub' claim");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.bodyAsString())
                .isEqualTo("{\"error\":\"server_error\",\"error_description\":"
                        + "\"The server could not process the request\"}");
    }
}
