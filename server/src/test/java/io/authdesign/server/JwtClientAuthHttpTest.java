package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
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
 * JWT client authentication (RFC 7523) at the reference server's token endpoint, over real HTTP, with
 * assertions made by jose4j: private_key_jwt with inline {@code jwks} and with a {@code jwksUri} served by a
 * small HTTP server of the test, and client_secret_jwt. Every refusal is 400 invalid_client: the assertion
 * travels in the body, so there is no Authorization scheme to challenge (RFC 6749 section 5.2).
 */
class JwtClientAuthHttpTest {

    static final String HMAC_SECRET = "hmac-client-secret-of-at-least-32-bytes";
    static final String HMAC512_SECRET = "a-secret-of-64-bytes-for-HS512-".repeat(2) + "xx";

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            tokenTtl: 1234
            clients:
              - clientId: key-client
                authMethods: [private_key_jwt]
                grantTypes: [client_credentials]
                scopes: [read]
                jwks: {"keys": [RSA_JWK]}
              - clientId: other-key-client
                authMethods: [private_key_jwt]
                grantTypes: [client_credentials]
                scopes: [write]
                jwks: {"keys": [OTHER_JWK]}
              - clientId: uri-client
                authMethods: [private_key_jwt]
                grantTypes: [client_credentials]
                scopes: [read, write]
                jwksUri: http://127.0.0.1:JWKS_PORT/jwks.json
              - clientId: dead-uri-client
                authMethods: [private_key_jwt]
                grantTypes: [client_credentials]
                jwksUri: http://127.0.0.1:JWKS_PORT/missing.json
              - clientId: hmac-client
                clientSecret: HMAC_SECRET
                authMethods: [client_secret_jwt]
                grantTypes: [client_credentials]
                scopes: [read, write]
              - clientId: hmac512-client
                clientSecret: HMAC512_SECRET
                authMethods: [client_secret_jwt]
                grantTypes: [client_credentials]
                scopes: [read]
              - clientId: basic-client
                clientSecret: basic-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
            """;

    static RsaJsonWebKey rsaKey;
    static EllipticCurveJsonWebKey otherKey;
    static EllipticCurveJsonWebKey uriKey;
    static HttpServer jwksServer;
    static final AtomicInteger JWKS_FETCHES = new AtomicInteger();
    static TestServer test;
    static JsonWebKeySet serverKeys;

    @BeforeAll
    static void start() throws Exception {
        rsaKey = RsaJwkGenerator.generateJwk(2048);
        rsaKey.setKeyId("key-client-rsa");
        otherKey = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        otherKey.setKeyId("other-key-client-ec");
        uriKey = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        uriKey.setKeyId("uri-client-ec");
        byte[] uriJwks = new JsonWebKeySet(uriKey)
                .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                .getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwksServer.createContext("/jwks.json", exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().equals("/jwks.json")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                JWKS_FETCHES.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
                exchange.sendResponseHeaders(200, uriJwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(uriJwks);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        jwksServer.start();
        test = TestServer.start(CONFIG.replace("RSA_JWK", rsaKey.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                .replace("OTHER_JWK", otherKey.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                .replace("JWKS_PORT", String.valueOf(jwksServer.getAddress().getPort()))
                .replace("HMAC512_SECRET", HMAC512_SECRET)
                .replace("HMAC_SECRET", HMAC_SECRET));
        serverKeys = Jose.jwks(test.issuer());
    }

    @AfterAll
    static void stop() {
        test.close();
        jwksServer.stop(0);
    }

    static HttpResponse<String> send(String assertion, String... more) {
        return Http.postForm(test.tokenUrl(), null, Jose.assertionForm(assertion, more));
    }

    static String rsaAssertion(Map<String, Object> claims) {
        return Jose.sign(claims, rsaKey.getPrivateKey(), "RS256", rsaKey.getKeyId(), null);
    }

    static String hmacAssertion(Map<String, Object> claims, String secret, String algorithm) {
        return Jose.sign(claims, new HmacKey(secret.getBytes(StandardCharsets.UTF_8)), algorithm, null, null);
    }

    static void assertToken(HttpResponse<String> response, String clientId, String scope) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        Map<String, Object> json = Http.json(response);
        assertThat(json)
                .containsEntry("token_type", "Bearer")
                .containsEntry("expires_in", 1234)
                .containsEntry("scope", scope);
        ClientCredentialsHttpTest.assertAccessToken(
                (String) json.get("access_token"), serverKeys, "ES256", test.issuer(), clientId, scope, 1234);
    }

    static void assertAuthFailed(HttpResponse<String> response) {
        ClientCredentialsHttpTest.assertError(response, 400, "invalid_client", "Client authentication failed");
    }

    // private_key_jwt, inline jwks

    @Test
    void privateKeyJwtAssertionForTheTokenEndpointThenToken() {
        assertToken(send(rsaAssertion(Jose.assertionClaims("key-client", test.tokenUrl()))), "key-client", "read");
    }

    @Test
    void privateKeyJwtAssertionForTheIssuerThenToken() {
        assertToken(send(rsaAssertion(Jose.assertionClaims("key-client", test.issuer()))), "key-client", "read");
    }

    @Test
    void privateKeyJwtWithMatchingClientIdParameterAndScopeThenToken() {
        String assertion = rsaAssertion(Jose.assertionClaims("key-client", test.tokenUrl()));
        assertToken(send(assertion, "client_id", "key-client", "scope", "read"), "key-client", "read");
    }

    @Test
    void privateKeyJwtAssertionWithoutKidThenTheClientsKeysAreTried() {
        String assertion = Jose.sign(
                Jose.assertionClaims("key-client", test.tokenUrl()), rsaKey.getPrivateKey(), "RS256", null, null);
        assertToken(send(assertion), "key-client", "read");
    }

    @Test
    void sameAssertionReplayedThenInvalidClient() {
        String assertion = rsaAssertion(Jose.assertionClaims("key-client", test.tokenUrl()));
        assertToken(send(assertion), "key-client", "read");
        assertAuthFailed(send(assertion));
    }

    @Test
    void assertionRefusedForItsSignatureThenItsJtiIsNotBurnt() {
        Map<String, Object> claims = Jose.assertionClaims("key-client", test.tokenUrl());
        RsaJsonWebKey stranger = rsaKeyOrFail();
        assertAuthFailed(send(Jose.sign(claims, stranger.getPrivateKey(), "RS256", rsaKey.getKeyId(), null)));
        assertToken(send(rsaAssertion(claims)), "key-client", "read");
    }

    @Test
    void assertionForAnotherClientSignedWithThisClientsKeyThenInvalidClient() {
        Map<String, Object> claims = Jose.assertionClaims("other-key-client", test.tokenUrl());
        assertAuthFailed(send(rsaAssertion(claims)));
        assertAuthFailed(send(Jose.sign(claims, rsaKey.getPrivateKey(), "RS256", null, null)));
        assertAuthFailed(send(Jose.sign(
                Jose.assertionClaims("other-key-client", test.tokenUrl()),
                uriKey.getPrivateKey(),
                "ES256",
                otherKey.getKeyId(),
                null)));
    }

    @Test
    void otherClientWithItsOwnKeyThenItsOwnToken() {
        String assertion = Jose.sign(
                Jose.assertionClaims("other-key-client", test.tokenUrl()),
                otherKey.getPrivateKey(),
                "ES256",
                otherKey.getKeyId(),
                null);
        assertToken(send(assertion), "other-key-client", "write");
    }

    static Stream<Arguments> badAssertions() {
        return Stream.of(
                bad("aud another URL", c -> put(c, "aud", "https://other.example.com/oauth2/token")),
                bad("aud the token endpoint of another port", c -> put(c, "aud", "http://127.0.0.1:1/oauth2/token")),
                bad("aud missing", c -> remove(c, "aud")),
                bad("iss differs from sub", c -> put(c, "iss", "other-key-client")),
                bad("sub differs from iss", c -> put(c, "sub", "other-key-client")),
                bad("iss and sub missing", c -> remove(remove(c, "iss"), "sub")),
                bad("exp missing", c -> remove(c, "exp")),
                bad("exp passed beyond the skew", c -> put(c, "exp", now() - 61)),
                bad("exp more than 10 minutes ahead", c -> put(c, "exp", now() + 600 + 60 + 5)),
                bad("nbf in the future", c -> put(c, "nbf", now() + 120)),
                bad("iat in the future", c -> put(c, "iat", now() + 120)),
                bad("jti missing", c -> remove(c, "jti")),
                bad("jti empty", c -> put(c, "jti", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAssertions")
    void assertionBreakingRfc7523ThenInvalidClient(UnaryOperator<Map<String, Object>> change) {
        Map<String, Object> claims = change.apply(new HashMap<>(Jose.assertionClaims("key-client", test.tokenUrl())));
        assertAuthFailed(send(rsaAssertion(claims)));
    }

    @Test
    void exp10MinutesAheadThenStillAccepted() {
        Map<String, Object> claims = new HashMap<>(Jose.assertionClaims("key-client", test.tokenUrl()));
        claims.put("exp", now() + 600);
        assertToken(send(rsaAssertion(claims)), "key-client", "read");
    }

    @Test
    void clientIdParameterNamingAnotherClientThenInvalidClient() {
        String assertion = rsaAssertion(Jose.assertionClaims("key-client", test.tokenUrl()));
        assertAuthFailed(send(assertion, "client_id", "other-key-client"));
    }

    @Test
    void hs256KeyedWithTheClientsPublicKeyThenInvalidClient() {
        byte[] publicKey = rsaKey.getPublicKey().getEncoded();
        String assertion = Jose.sign(
                Jose.assertionClaims("key-client", test.tokenUrl()),
                new HmacKey(publicKey),
                "HS256",
                rsaKey.getKeyId(),
                null);
        assertAuthFailed(send(assertion));
    }

    @Test
    void algNoneAssertionThenInvalidClient() {
        String assertion = ProtectedRouteHttpTest.encode(Map.of("alg", "none"))
                + "."
                + ProtectedRouteHttpTest.encode(Jose.assertionClaims("key-client", test.tokenUrl()))
                + ".";
        assertAuthFailed(send(assertion));
    }

    @Test
    void unsupportedAssertionTypeThenInvalidClient() {
        Map<String, String> form =
                Jose.assertionForm(rsaAssertion(Jose.assertionClaims("key-client", test.tokenUrl())));
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");
        assertAuthFailed(Http.postForm(test.tokenUrl(), null, form));
    }

    @Test
    void privateKeyJwtClientUsingBasicThenInvalidClient() {
        ClientCredentialsHttpTest.assertError(
                Http.postForm(
                        test.tokenUrl(),
                        Http.basic("key-client", "anything"),
                        Map.of("grant_type", "client_credentials")),
                401,
                "invalid_client",
                "Client authentication failed");
    }

    @Test
    void assertionAndBasicTogetherThenInvalidRequest() {
        String assertion = rsaAssertion(Jose.assertionClaims("key-client", test.tokenUrl()));
        ClientCredentialsHttpTest.assertError(
                Http.postForm(
                        test.tokenUrl(), Http.basic("basic-client", "basic-secret"), Jose.assertionForm(assertion)),
                400,
                "invalid_request",
                "The request uses more than one client authentication method");
    }

    // private_key_jwt, jwksUri

    @Test
    void jwksUriClientThenTokenAndItsKeysFetchedOnceForSeveralAssertions() {
        for (int i = 0; i < 3; i++) {
            String assertion = Jose.sign(
                    Jose.assertionClaims("uri-client", test.tokenUrl()),
                    uriKey.getPrivateKey(),
                    "ES256",
                    uriKey.getKeyId(),
                    null);
            assertToken(send(assertion, "scope", "write"), "uri-client", "write");
        }
        // RegisteredClientKeys caches a client's keys for 5 minutes, whichever test of this class fetched them first.
        assertThat(JWKS_FETCHES.get()).isEqualTo(1);
    }

    @Test
    void jwksUriClientWithAKeyNotAtItsUriThenInvalidClient() {
        String assertion = Jose.sign(
                Jose.assertionClaims("uri-client", test.tokenUrl()), otherKey.getPrivateKey(), "ES256", null, null);
        assertAuthFailed(send(assertion));
    }

    @Test
    void jwksUriAnswering404ThenInvalidClient() {
        String assertion = Jose.sign(
                Jose.assertionClaims("dead-uri-client", test.tokenUrl()),
                uriKey.getPrivateKey(),
                "ES256",
                uriKey.getKeyId(),
                null);
        assertAuthFailed(send(assertion));
    }

    // client_secret_jwt

    @Test
    void clientSecretJwtHs256WithTheSecretThenToken() {
        String assertion = hmacAssertion(Jose.assertionClaims("hmac-client", test.tokenUrl()), HMAC_SECRET, "HS256");
        assertToken(send(assertion), "hmac-client", "read write");
    }

    @Test
    void clientSecretJwtHs512WithA64ByteSecretForTheIssuerThenToken() {
        String assertion =
                hmacAssertion(Jose.assertionClaims("hmac512-client", test.issuer()), HMAC512_SECRET, "HS512");
        assertToken(send(assertion), "hmac512-client", "read");
    }

    @Test
    void clientSecretJwtHs512WithASecretShorterThan512BitsThenInvalidClient() {
        // RFC 7518 section 3.2: the HMAC key must be at least as long as the hash output.
        String assertion = Jose.signWithoutKeyChecks(
                Jose.assertionClaims("hmac-client", test.tokenUrl()),
                new HmacKey(HMAC_SECRET.getBytes(StandardCharsets.UTF_8)),
                "HS512");
        assertAuthFailed(send(assertion));
    }

    @Test
    void clientSecretJwtWithWrongSecretThenInvalidClient() {
        String assertion = hmacAssertion(
                Jose.assertionClaims("hmac-client", test.tokenUrl()), "not-the-secret-but-also-32-bytes-long", "HS256");
        assertAuthFailed(send(assertion));
    }

    @Test
    void clientSecretJwtReplayedThenInvalidClient() {
        String assertion = hmacAssertion(Jose.assertionClaims("hmac-client", test.tokenUrl()), HMAC_SECRET, "HS256");
        assertToken(send(assertion), "hmac-client", "read write");
        assertAuthFailed(send(assertion));
    }

    @Test
    void clientSecretJwtForAClientWithoutThatMethodThenInvalidClient() {
        // basic-client has a secret, but may not use client_secret_jwt (and its secret is not 32 bytes).
        String assertion =
                hmacAssertion(Jose.assertionClaims("basic-client", test.tokenUrl()), "basic-secret".repeat(3), "HS256");
        assertAuthFailed(send(assertion));
    }

    @Test
    void clientSecretJwtClientUsingItsSecretWithBasicThenInvalidClient() {
        ClientCredentialsHttpTest.assertError(
                Http.postForm(
                        test.tokenUrl(),
                        Http.basic("hmac-client", HMAC_SECRET),
                        Map.of("grant_type", "client_credentials")),
                401,
                "invalid_client",
                "Client authentication failed");
    }

    // metadata

    @Test
    @SuppressWarnings("unchecked")
    void metadataAdvertisesTheJwtMethodsTheirAlgorithmsAndTheJwksUri() {
        Map<String, Object> metadata = Http.json(Http.get(test.issuer() + "/.well-known/oauth-authorization-server"));
        assertThat(metadata)
                .containsOnlyKeys(
                        "issuer",
                        "authorization_endpoint",
                        "token_endpoint",
                        "device_authorization_endpoint",
                        "userinfo_endpoint",
                        "end_session_endpoint",
                        "jwks_uri",
                        "grant_types_supported",
                        "response_types_supported",
                        "response_modes_supported",
                        "code_challenge_methods_supported",
                        "authorization_response_iss_parameter_supported",
                        "request_parameter_supported",
                        "request_uri_parameter_supported",
                        "require_request_uri_registration",
                        "backchannel_logout_supported",
                        "backchannel_logout_session_supported",
                        "request_object_signing_alg_values_supported",
                        "pushed_authorization_request_endpoint",
                        "require_pushed_authorization_requests",
                        "dpop_signing_alg_values_supported",
                        "claims_parameter_supported",
                        "token_endpoint_auth_methods_supported",
                        "token_endpoint_auth_signing_alg_values_supported",
                        "revocation_endpoint",
                        "revocation_endpoint_auth_methods_supported",
                        "revocation_endpoint_auth_signing_alg_values_supported",
                        "introspection_endpoint",
                        "introspection_endpoint_auth_methods_supported",
                        "introspection_endpoint_auth_signing_alg_values_supported",
                        "introspection_signing_alg_values_supported",
                        "end_session_endpoint",
                        "scopes_supported")
                .containsEntry("issuer", test.issuer())
                .containsEntry("token_endpoint", test.tokenUrl())
                .containsEntry("jwks_uri", test.issuer() + "/oauth2/keys")
                .containsEntry("authorization_endpoint", test.issuer() + "/oauth2/authorize")
                .containsEntry("device_authorization_endpoint", test.issuer() + "/oauth2/devicecode")
                .containsEntry("userinfo_endpoint", test.issuer() + "/oauth2/userinfo")
                .containsEntry("end_session_endpoint", test.issuer() + "/oauth2/logout")
                .containsEntry(
                        "grant_types_supported",
                        List.of(
                                "client_credentials",
                                "authorization_code",
                                "urn:ietf:params:oauth:grant-type:device_code",
                                "refresh_token"))
                .containsEntry("response_types_supported", List.of("code"))
                .containsEntry("response_modes_supported", List.of("query", "form_post"))
                .containsEntry("code_challenge_methods_supported", List.of("S256"))
                .containsEntry("authorization_response_iss_parameter_supported", true)
                .containsEntry("pushed_authorization_request_endpoint", test.issuer() + "/oauth2/par")
                .containsEntry("require_pushed_authorization_requests", false)
                .containsEntry(
                        "token_endpoint_auth_methods_supported",
                        List.of("client_secret_basic", "client_secret_jwt", "private_key_jwt"))
                .containsEntry(
                        "token_endpoint_auth_signing_alg_values_supported",
                        List.of(
                                "HS256", "HS384", "HS512", "ES256", "ES384", "ES512", "EdDSA", "PS256", "PS384",
                                "PS512", "RS256", "RS384", "RS512"));
        assertThat((List<Object>) metadata.get("scopes_supported"))
                .containsExactlyInAnyOrder("openid", "profile", "email", "address", "phone", "read", "write");
    }

    private static Arguments bad(String name, UnaryOperator<Map<String, Object>> change) {
        return Arguments.of(Named.of(name, change));
    }

    private static Map<String, Object> put(Map<String, Object> claims, String name, Object value) {
        claims.put(name, value);
        return claims;
    }

    private static Map<String, Object> remove(Map<String, Object> claims, String name) {
        claims.remove(name);
        return claims;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static RsaJsonWebKey rsaKeyOrFail() {
        try {
            return RsaJwkGenerator.generateJwk(2048);
        } catch (JoseException e) {
            throw new AssertionError(e);
        }
    }
}
