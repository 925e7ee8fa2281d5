package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference server's client_credentials grant over real HTTP, with a plain client; its access tokens
 * are verified with jose4j against the JWKS the metadata points to.
 */
class ClientCredentialsHttpTest {

    static final String SVC_SECRET = "s3cr:t/+ é%&=";

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            tokenTtl: 1234
            clients:
              - clientId: svc
                clientSecret: "s3cr:t/+ é%&="
                authMethods: [client_secret_basic, client_secret_post]
                grantTypes: [client_credentials]
                scopes: [read, write]
              - clientId: basic-only
                clientSecret: basic-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [read]
              - clientId: post-only
                clientSecret: post-secret
                authMethods: [client_secret_post]
                grantTypes: [client_credentials]
                scopes: [read]
              - clientId: no-cc
                clientSecret: no-cc-secret
                authMethods: [client_secret_basic, client_secret_post]
                grantTypes: [authorization_code]
                scopes: [read]
                redirectUris: [https://app.example.com/callback]
              - clientId: spa
                authMethods: [none]
                grantTypes: [authorization_code]
                scopes: [read]
                redirectUris: [https://spa.example.com/callback]
              - clientId: scopeless
                clientSecret: scopeless-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
            """;

    static final Map<String, Object> AUTH_FAILED =
            Map.of("error", "invalid_client", "error_description", "Client authentication failed");
    static final String WWW_AUTHENTICATE = "Basic realm=\"oauth2\", charset=\"UTF-8\"";

    static ReferenceServer server;
    static String issuer;
    static String tokenUrl;
    static JsonWebKeySet jwks;

    @BeforeAll
    static void start() throws ConfigException {
        int port = Http.freePort();
        SecureRandom random = new SecureRandom();
        server = ReferenceServer.start(
                new ConfigLoader(random).parse("test.yaml", CONFIG.replace("PORT", String.valueOf(port))), random);
        issuer = "http://127.0.0.1:" + port;
        tokenUrl = issuer + "/oauth2/token";
        jwks = Jose.jwks(issuer);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> basic(String clientId, String secret, String... form) {
        return Http.postForm(tokenUrl, Http.basic(clientId, secret), form(form));
    }

    static HttpResponse<String> post(String clientId, String secret, String... form) {
        Map<String, String> params = new LinkedHashMap<>(form(form));
        params.put("client_id", clientId);
        params.put("client_secret", secret);
        return Http.postForm(tokenUrl, null, params);
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    /** A successful token response whose access token is an RFC 9068 JWT for the client and scope. */
    static JwtClaims assertToken(HttpResponse<String> response, String clientId, String scope) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Pragma")).hasValue("no-cache");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .isEqualToIgnoringCase("application/json;charset=UTF-8");
        Map<String, Object> json = Http.json(response);
        assertThat(json.get("token_type")).isEqualTo("Bearer");
        assertThat(json.get("expires_in")).isEqualTo(1234);
        if (scope == null) {
            assertThat(json).containsOnlyKeys("access_token", "token_type", "expires_in");
        } else {
            assertThat(json).containsOnlyKeys("access_token", "token_type", "expires_in", "scope");
            assertThat(json.get("scope")).isEqualTo(scope);
        }
        return assertAccessToken((String) json.get("access_token"), jwks, "ES256", issuer, clientId, scope, 1234);
    }

    /**
     * The access token verifies with jose4j against the server's JWKS and has exactly the RFC 9068 header and
     * claims: {@code typ at+jwt} and a published {@code kid}; {@code iss}, {@code aud}, {@code sub},
     * {@code client_id}, {@code scope} (only when granted), {@code iat}, {@code exp} = iat + ttl, {@code jti}.
     */
    static JwtClaims assertAccessToken(
            String token,
            JsonWebKeySet keys,
            String algorithm,
            String issuer,
            String clientId,
            String scope,
            long ttl) {
        long before = NumericDate.now().getValue();
        JwtContext verified = Jose.verifyAccessToken(token, keys, algorithm, issuer);
        JsonWebSignature header = Jose.header(verified);
        assertThat(header.getAlgorithmHeaderValue()).isEqualTo(algorithm);
        assertThat(header.getHeader("typ")).isEqualTo("at+jwt");
        assertThat(keys.getJsonWebKeys()).extracting(JsonWebKey::getKeyId).contains(header.getKeyIdHeaderValue());
        JwtClaims claims = verified.getJwtClaims();
        List<String> names = new ArrayList<>(List.of("iss", "sub", "aud", "exp", "iat", "jti", "client_id"));
        if (scope != null) {
            names.add("scope");
        }
        assertThat(claims.getClaimsMap().keySet()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(claims.getClaimValue("iss")).isEqualTo(issuer);
        assertThat(claims.getClaimValue("aud")).isEqualTo(issuer);
        assertThat(claims.getClaimValue("sub")).isEqualTo(clientId);
        assertThat(claims.getClaimValue("client_id")).isEqualTo(clientId);
        assertThat(claims.getClaimValue("scope")).isEqualTo(scope);
        try {
            long iat = claims.getIssuedAt().getValue();
            assertThat(iat).isBetween(before - 5, before + 5);
            assertThat(claims.getExpirationTime().getValue()).isEqualTo(iat + ttl);
            assertThat(claims.getJwtId()).isNotBlank();
        } catch (MalformedClaimException e) {
            throw new AssertionError(e);
        }
        return claims;
    }

    static void assertError(HttpResponse<String> response, int status, String error, String description) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .isEqualToIgnoringCase("application/json;charset=UTF-8");
        assertThat(Http.json(response)).isEqualTo(Map.of("error", error, "error_description", description));
        if (status == 401) {
            assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(WWW_AUTHENTICATE);
        } else {
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
    }

    @Test
    void basicWithRightSecretThenBearerTokenForRequestedScope() {
        assertToken(basic("svc", SVC_SECRET, "scope", "read"), "svc", "read");
    }

    @Test
    void postWithRightSecretThenBearerTokenForRequestedScope() {
        assertToken(post("svc", SVC_SECRET, "scope", "write"), "svc", "write");
    }

    @Test
    void severalScopesRequestedThenExactlyThoseGranted() {
        assertToken(basic("svc", SVC_SECRET, "scope", "write read"), "svc", "write read");
    }

    @Test
    void noScopeRequestedThenAllTheClientsScopes() {
        assertToken(basic("svc", SVC_SECRET), "svc", "read write");
        assertToken(post("post-only", "post-secret"), "post-only", "read");
    }

    @Test
    void clientWithoutScopesAndNoScopeRequestedThenTokenWithoutScope() {
        assertToken(basic("scopeless", "scopeless-secret"), "scopeless", null);
    }

    @Test
    void everyCallThenNewTokenWithItsOwnJti() throws MalformedClaimException {
        JwtClaims first = assertToken(basic("svc", SVC_SECRET), "svc", "read write");
        JwtClaims second = assertToken(basic("svc", SVC_SECRET), "svc", "read write");
        JwtClaims third = assertToken(post("svc", SVC_SECRET), "svc", "read write");
        assertThat(List.of(first.getJwtId(), second.getJwtId(), third.getJwtId()))
                .doesNotHaveDuplicates();
    }

    @Test
    void scopeTheClientLacksThenInvalidScope() {
        String description = "The requested scope is not allowed for this client";
        assertError(basic("basic-only", "basic-secret", "scope", "write"), 400, "invalid_scope", description);
        assertError(basic("svc", SVC_SECRET, "scope", "read admin"), 400, "invalid_scope", description);
        assertError(basic("scopeless", "scopeless-secret", "scope", "read"), 400, "invalid_scope", description);
    }

    @Test
    void malformedScopeThenInvalidScope() {
        assertError(
                basic("svc", SVC_SECRET, "scope", "read  write"),
                400,
                "invalid_scope",
                "The scope parameter is malformed");
    }

    @Test
    void wrongSecretWithBasicThen401LikeAnUnknownClient() {
        HttpResponse<String> wrongSecret = basic("svc", "not-the-secret");
        HttpResponse<String> unknownClient = basic("nobody", SVC_SECRET);
        assertError(wrongSecret, 401, "invalid_client", "Client authentication failed");
        assertError(unknownClient, 401, "invalid_client", "Client authentication failed");
        assertThat(wrongSecret.body()).isEqualTo(unknownClient.body());
    }

    @Test
    void wrongSecretWithPostThen400LikeAnUnknownClient() {
        HttpResponse<String> wrongSecret = post("svc", "not-the-secret");
        HttpResponse<String> unknownClient = post("nobody", SVC_SECRET);
        assertError(wrongSecret, 400, "invalid_client", "Client authentication failed");
        assertError(unknownClient, 400, "invalid_client", "Client authentication failed");
        assertThat(wrongSecret.body()).isEqualTo(unknownClient.body());
    }

    @Test
    void secretOfAnotherClientThenInvalidClient() {
        assertError(basic("svc", "basic-secret"), 401, "invalid_client", "Client authentication failed");
    }

    @Test
    void methodNotInTheClientsOwnAuthMethodsThenInvalidClient() {
        assertError(post("basic-only", "basic-secret"), 400, "invalid_client", "Client authentication failed");
        assertError(basic("post-only", "post-secret"), 401, "invalid_client", "Client authentication failed");
    }

    @Test
    void clientWithoutClientCredentialsGrantThenUnauthorizedClient() {
        assertError(
                basic("no-cc", "no-cc-secret"),
                400,
                "unauthorized_client",
                "The client may not use the client_credentials grant");
    }

    @Test
    void clientWithoutClientCredentialsGrantAndWrongSecretThenInvalidClient() {
        assertError(basic("no-cc", "wrong"), 401, "invalid_client", "Client authentication failed");
    }

    @Test
    void publicClientThenNoClientCredentialsToken() {
        assertError(
                Http.postForm(tokenUrl, null, Map.of("grant_type", "client_credentials", "client_id", "spa")),
                400,
                "invalid_client",
                "The client authentication method is not supported");
        assertError(post("spa", "anything"), 400, "invalid_client", "Client authentication failed");
        assertError(basic("spa", "anything"), 401, "invalid_client", "Client authentication failed");
    }

    @Test
    void grantTypeTheServerDoesNotServeThenUnsupportedGrantType() {
        String description = "The grant type is not supported by this endpoint";
        assertError(
                Http.postForm(tokenUrl, Http.basic("svc", SVC_SECRET), Map.of("grant_type", "password")),
                400,
                "unsupported_grant_type",
                description);
        assertError(
                Http.postForm(
                        tokenUrl,
                        Http.basic("no-cc", "no-cc-secret"),
                        Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion", "x")),
                400,
                "unsupported_grant_type",
                description);
    }

    @Test
    void authorizationCodeGrantIsServedNowSoAnUnknownCodeIsAnInvalidGrant() {
        assertError(
                Http.postForm(
                        tokenUrl,
                        Http.basic("no-cc", "no-cc-secret"),
                        Map.of("grant_type", "authorization_code", "code", "x")),
                400,
                "invalid_grant",
                "The authorization code is invalid or expired");
    }

    @Test
    void noClientCredentialsThenInvalidClient() {
        assertError(
                Http.postForm(tokenUrl, null, Map.of("grant_type", "client_credentials")),
                400,
                "invalid_client",
                "Client authentication is required");
    }

    @Test
    void basicAndPostTogetherThenInvalidRequest() {
        Map<String, String> form = Map.of("grant_type", "client_credentials", "client_secret", SVC_SECRET);
        assertError(
                Http.postForm(tokenUrl, Http.basic("svc", SVC_SECRET), form),
                400,
                "invalid_request",
                "The request uses more than one client authentication method");
    }

    @Test
    void repeatedScopeThenInvalidRequest() {
        HttpResponse<String> response = Http.postRaw(
                tokenUrl,
                Http.basic("svc", SVC_SECRET),
                "application/x-www-form-urlencoded",
                "grant_type=client_credentials&scope=read&scope=write");
        assertError(response, 400, "invalid_request", "The parameter 'scope' is repeated");
    }

    @Test
    void jsonBodyThenInvalidRequest() {
        HttpResponse<String> response = Http.postRaw(
                tokenUrl, Http.basic("svc", SVC_SECRET), "application/json", "{\"grant_type\":\"client_credentials\"}");
        assertError(response, 400, "invalid_request", "The request body must be application/x-www-form-urlencoded");
    }

    @Test
    void metadataAdvertisesWhatTheServerServes() {
        HttpResponse<String> response = Http.get(issuer + "/.well-known/oauth-authorization-server");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("issuer", issuer);
        expected.put("authorization_endpoint", issuer + "/oauth2/authorize");
        expected.put("token_endpoint", issuer + "/oauth2/token");
        expected.put("device_authorization_endpoint", issuer + "/oauth2/devicecode");
        expected.put("userinfo_endpoint", issuer + "/oauth2/userinfo");
        expected.put("end_session_endpoint", issuer + "/oauth2/logout");
        expected.put("jwks_uri", issuer + "/oauth2/keys");
        expected.put(
                "grant_types_supported",
                List.of(
                        "client_credentials",
                        "authorization_code",
                        "urn:ietf:params:oauth:grant-type:device_code",
                        "refresh_token"));
        // spa is a public client: "none" is advertised for it
        expected.put(
                "token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        expected.put("scopes_supported", List.of("profile", "email", "address", "phone", "read", "write", "openid"));
        expected.put("response_types_supported", List.of("code"));
        expected.put("response_modes_supported", List.of("query", "form_post"));
        expected.put("code_challenge_methods_supported", List.of("S256"));
        expected.put("authorization_response_iss_parameter_supported", true);
        expected.put("pushed_authorization_request_endpoint", issuer + "/oauth2/par");
        expected.put("require_pushed_authorization_requests", false);
        expected.put("request_parameter_supported", true);
        expected.put("request_uri_parameter_supported", true);
        expected.put("require_request_uri_registration", true);
        expected.put("backchannel_logout_supported", true);
        expected.put("backchannel_logout_session_supported", true);
        expected.put("request_object_signing_alg_values_supported", List.of("RS256", "PS256", "ES256", "EdDSA"));
        expected.put("claims_parameter_supported", true);
        expected.put("dpop_signing_alg_values_supported", List.of("ES256", "ES384", "PS256", "RS256", "EdDSA"));
        expected.put("revocation_endpoint", issuer + "/oauth2/revoke");
        expected.put(
                "revocation_endpoint_auth_methods_supported",
                List.of("client_secret_basic", "client_secret_post", "none"));
        expected.put("introspection_endpoint", issuer + "/oauth2/introspect");
        expected.put("end_session_endpoint", issuer + "/oauth2/logout");
        expected.put(
                "introspection_endpoint_auth_methods_supported",
                List.of("client_secret_basic", "client_secret_post", "none"));
        expected.put("introspection_signing_alg_values_supported", List.of("ES256"));
        assertThat(Http.json(response)).isEqualTo(expected);
    }

    @Test
    void jwksThenOnePublicKeyPerSigningAlgorithmCacheableForTheActivationDelay() {
        HttpResponse<String> response = Http.get(issuer + "/oauth2/keys");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .isEqualToIgnoringCase("application/json;charset=UTF-8");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys =
                (List<Map<String, Object>>) Http.json(response).get("keys");
        // ES256 signs access tokens (and ID tokens of clients that chose it); RS256 and PS256 sign ID tokens
        assertThat(keys).extracting(key -> key.get("alg")).containsExactlyInAnyOrder("ES256", "RS256", "PS256");
        Map<String, Object> ec = keys.stream()
                .filter(key -> "EC".equals(key.get("kty")))
                .findFirst()
                .orElseThrow();
        assertThat(ec).containsOnlyKeys("kty", "crv", "x", "y", "kid", "use", "alg");
        assertThat(ec).containsEntry("crv", "P-256").containsEntry("use", "sig").containsEntry("alg", "ES256");
        List<Map<String, Object>> rsa =
                keys.stream().filter(key -> "RSA".equals(key.get("kty"))).toList();
        // public members only: no d, p, q, dp, dq, qi
        rsa.forEach(key -> assertThat(key)
                .containsOnlyKeys("kty", "n", "e", "kid", "use", "alg")
                .containsEntry("use", "sig"));
        assertThat(keys).extracting(key -> key.get("kid")).doesNotHaveDuplicates();
    }
}
