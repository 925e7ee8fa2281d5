package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.authdesign.jwt.SigningAlgorithm;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /api/me}, the reference server's protected route, over real HTTP: a fresh access token is
 * echoed back; a missing token and every forged token are refused as RFC 6750 section 3 requires.
 */
class ProtectedRouteHttpTest {

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            tokenTtl: 300
            clients:
              - clientId: svc
                clientSecret: svc-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [write, read]
              - clientId: scopeless
                clientSecret: scopeless-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
            """;

    static final String INVALID_TOKEN_CHALLENGE =
            "Bearer error=\"invalid_token\", error_description=\"The access token is invalid or expired\"";
    static final Map<String, Object> INVALID_TOKEN =
            Map.of("error", "invalid_token", "error_description", "The access token is invalid or expired");

    static TestServer test;
    static String me;
    static String kid;

    @BeforeAll
    static void start() {
        test = TestServer.start(CONFIG);
        me = test.issuer() + "/api/me";
        kid = Jose.jwks(test.issuer()).getJsonWebKeys().get(0).getKeyId();
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    static String token(String clientId, String secret, String... form) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "client_credentials");
        for (int i = 0; i < form.length; i += 2) {
            params.put(form[i], form[i + 1]);
        }
        HttpResponse<String> response = Http.postForm(test.tokenUrl(), Http.basic(clientId, secret), params);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) Http.json(response).get("access_token");
    }

    static void assertMe(HttpResponse<String> response, String expectedBody) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(response.body()).isEqualTo(expectedBody);
    }

    static void assertInvalidToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(INVALID_TOKEN_CHALLENGE);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .isEqualToIgnoringCase("application/json;charset=UTF-8");
        assertThat(Http.json(response)).isEqualTo(INVALID_TOKEN);
    }

    @Test
    void freshTokenThen200WithSubjectClientAndGrantedScope() {
        assertMe(
                Http.bearer(me, token("svc", "svc-secret", "scope", "write read")),
                "{\"sub\":\"svc\",\"client_id\":\"svc\",\"scope\":\"read write\"}");
        assertMe(
                Http.bearer(me, token("svc", "svc-secret", "scope", "read")),
                "{\"sub\":\"svc\",\"client_id\":\"svc\",\"scope\":\"read\"}");
    }

    @Test
    void tokenWithoutScopeThen200WithEmptyScope() {
        assertMe(
                Http.bearer(me, token("scopeless", "scopeless-secret")),
                "{\"sub\":\"scopeless\",\"client_id\":\"scopeless\",\"scope\":\"\"}");
    }

    @Test
    void lowerCaseSchemeThen200() {
        HttpResponse<String> response = Http.get(me, "Authorization", "bearer " + token("svc", "svc-secret"));
        assertMe(response, "{\"sub\":\"svc\",\"client_id\":\"svc\",\"scope\":\"read write\"}");
    }

    @Test
    void noTokenThen401WithBearerAndDpopChallenges() {
        assertMissingToken(Http.get(me));
    }

    @Test
    void otherSchemeThen401AsWithoutToken() {
        assertMissingToken(Http.get(me, "Authorization", Http.basic("svc", "svc-secret")));
    }

    private static void assertMissingToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        // the server accepts Bearer tokens and, optionally, DPoP-bound ones (RFC 9449 section 7.1)
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer, DPoP algs=\"ES256 ES384 PS256 RS256 EdDSA\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void tokenWithCharactersOutsideB64tokenThen401Malformed() {
        HttpResponse<String> response = Http.get(me, "Authorization", "Bearer abc,def");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer error=\"invalid_token\", error_description=\"The access token is malformed\"");
        assertThat(Http.json(response))
                .isEqualTo(Map.of("error", "invalid_token", "error_description", "The access token is malformed"));
    }

    @Test
    void twoAuthorizationHeadersThen400InvalidRequest() {
        String token = token("svc", "svc-secret");
        HttpResponse<String> response =
                Http.get(me, "Authorization", "Bearer " + token, "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer error=\"invalid_request\","
                        + " error_description=\"The request has more than one Authorization header\"");
        assertThat(Http.json(response))
                .isEqualTo(Map.of(
                        "error",
                        "invalid_request",
                        "error_description",
                        "The request has more than one Authorization header"));
    }

    @Test
    void accessTokenSignedByTheServersKeyThen200() {
        // The control for the forgeries below: the same construction, nothing wrong.
        assertMe(
                Http.bearer(me, serverSigned("at+jwt", Map.of())),
                "{\"sub\":\"svc\",\"client_id\":\"svc\",\"scope\":\"read\"}");
    }

    static Stream<Arguments> forgedTokens() {
        return Stream.of(
                forged("payload changed, signature kept", () -> {
                    String[] parts = token("svc", "svc-secret", "scope", "read").split("\\.");
                    Map<String, Object> claims = decode(parts[1]);
                    claims.put("scope", "read write");
                    return parts[0] + "." + encode(claims) + "." + parts[2];
                }),
                forged("signature changed", () -> {
                    String token = token("svc", "svc-secret");
                    char last = token.charAt(token.length() - 2);
                    return token.substring(0, token.length() - 2)
                            + (last == 'A' ? 'B' : 'A')
                            + token.charAt(token.length() - 1);
                }),
                forged(
                        "another key with the server's kid",
                        () -> Jose.sign(claims(Map.of()), otherEcKey().getPrivateKey(), "ES256", kid, "at+jwt")),
                forged(
                        "another key with an unknown kid",
                        () -> Jose.sign(
                                claims(Map.of()), otherEcKey().getPrivateKey(), "ES256", "unknown-kid", "at+jwt")),
                forged("alg none", () -> {
                    Map<String, Object> header = Map.of("alg", "none", "typ", "at+jwt", "kid", kid);
                    return encode(header) + "." + encode(claims(Map.of())) + ".";
                }),
                forged("HS256 keyed with the server's public key", () -> {
                    JsonWebKey published =
                            Jose.jwks(test.issuer()).getJsonWebKeys().get(0);
                    byte[] publicKey = published.getKey().getEncoded();
                    return Jose.sign(claims(Map.of()), new HmacKey(publicKey), "HS256", kid, "at+jwt");
                }),
                forged("typ JWT, as an ID token, by the server's key", () -> serverSigned("JWT", Map.of())),
                forged(
                        "ID token claims and typ, by the server's key",
                        () -> serverSigned(
                                "JWT",
                                Map.of("aud", "svc", "nonce", "n-0S6_WzA2Mj", "auth_time", now()),
                                "scope",
                                "client_id")),
                forged(
                        "wrong issuer, by the server's key",
                        () -> serverSigned("at+jwt", Map.of("iss", "http://127.0.0.1:1"))),
                forged(
                        "wrong audience, by the server's key",
                        () -> serverSigned("at+jwt", Map.of("aud", "https://other.example.com"))),
                forged(
                        "expired beyond the clock skew, by the server's key",
                        () -> serverSigned("at+jwt", Map.of("iat", now() - 600, "exp", now() - 61))),
                forged("without exp, by the server's key", () -> serverSigned("at+jwt", Map.of(), "exp")),
                forged("without sub, by the server's key", () -> serverSigned("at+jwt", Map.of(), "sub")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedTokens")
    void forgedTokenThen401InvalidToken(Supplier<String> token) {
        assertInvalidToken(Http.bearer(me, token.get()));
    }

    private static Arguments forged(String name, Supplier<String> token) {
        return Arguments.of(Named.of(name, token));
    }

    /** Valid access token claims for svc, with overrides. */
    static Map<String, Object> claims(Map<String, Object> overrides) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", test.issuer());
        claims.put("sub", "svc");
        claims.put("aud", test.issuer());
        claims.put("exp", now() + 300);
        claims.put("iat", now());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("client_id", "svc");
        claims.put("scope", "read");
        claims.putAll(overrides);
        return claims;
    }

    /** A token signed by the running server's own key, with the given typ and claims. */
    static String serverSigned(String type, Map<String, Object> overrides, String... removed) {
        Map<String, Object> claims = claims(overrides);
        for (String name : removed) {
            claims.remove(name);
        }
        try {
            return test.server()
                    .design()
                    .jwtAuthority()
                    .orElseThrow()
                    .signer()
                    .sign(SigningAlgorithm.ES256, type, JWTClaimsSet.parse(claims))
                    .token();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    static EllipticCurveJsonWebKey otherEcKey() {
        try {
            return EcJwkGenerator.generateJwk(EllipticCurves.P256);
        } catch (JoseException e) {
            throw new AssertionError(e);
        }
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static Map<String, Object> decode(String part) {
        return Http.json(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }

    static String encode(Map<String, Object> json) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Http.write(json).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void healthWithoutTokenThen200() {
        HttpResponse<String> response = Http.get(test.issuer() + "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
    }
}
