package io.authdesign.server;

import static io.authdesign.server.PagesHttpTest.encode;
import static io.authdesign.server.PagesHttpTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenID Connect implicit flow (OpenID Connect Core 1.0 section 3.2) behind {@code implicit.enabled}: the
 * response types {@code id_token} and {@code id_token token} end to end (sign-in, consent, the fragment, the ID
 * token verified with Nimbus, {@code at_hash}, {@code nonce}, the access token at userinfo), the rules that
 * keep them as safe as they can be ({@code nonce} required, no {@code query} mode, registered response types
 * only, no refresh token), and the secure default: without the opt-in, discovery and registration offer
 * {@code code} alone and the request is refused (RFC 9700 section 2.1.2).
 */
class ImplicitHttpTest {

    static final String SPA = "https://spa.example.com/cb";
    static final String WEB = "https://web.example.com/cb";
    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            implicit: {enabled: true}
            registration: {policy: open}
            clients:
              - clientId: spa
                authMethods: [none]
                grantTypes: [authorization_code, implicit]
                responseTypes: [code, id_token, id_token token]
                scopes: [openid, profile, email]
                redirectUris: [https://spa.example.com/cb]
                idTokenSignedResponseAlg: ES256
              - clientId: web
                clientSecret: web-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid, profile]
                redirectUris: [https://web.example.com/cb]
            users:
              - username: alice
                password: alice-password
                claims: {name: Alice Example, email: alice@example.com}
            """;

    static TestServer test;

    @BeforeAll
    static void start() {
        test = TestServer.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    static String implicitUrl(String clientId, String redirectUri, String responseType, String... extra) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", responseType);
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid profile email");
        query.put("state", "st-1");
        query.put("nonce", "n-0S6_WzA2Mj");
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                query.remove(extra[i]);
            } else {
                query.put(extra[i], extra[i + 1]);
            }
        }
        return "/oauth2/authorize?"
                + query.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"));
    }

    /** A redirect to the client whose parameters are in the fragment, none in the query; answers them. */
    static Map<String, String> assertFragment(HttpResponse<String> response, String redirectUri) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(redirectUri + "#");
        URI uri = URI.create(location);
        assertThat(uri.getRawQuery()).isNull();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : uri.getRawFragment().split("&")) {
            String[] nameValue = pair.split("=", 2);
            parameters.put(
                    URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** Signs alice in and approves, unless she approved the client already: the authorization response. */
    static HttpResponse<String> approve(Browser browser, String authorizeUrl) {
        HttpResponse<String> consent = signIn(browser, authorizeUrl, "alice", "alice-password");
        if (!consent.body().contains("name=\"consent\"")) {
            return consent; // remembered consent (OIDC Core 3.1.2.4)
        }
        return browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "approve");
    }

    /** The ID token verified with Nimbus against the published keys: ES256, iss, aud, exp, iat, sub. */
    static JWTClaimsSet verifyIdToken(String idToken) throws Exception {
        JWKSet keys = JWKSet.parse(Http.get(test.baseUrl() + "/oauth2/keys").body());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(keys)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                "spa",
                new JWTClaimsSet.Builder().issuer(test.issuer()).build(),
                Set.of("sub", "exp", "iat", "auth_time", "nonce")));
        return processor.process(idToken, null);
    }

    @Test
    void idTokenTokenThenFragmentWithIdTokenBoundToNonceAndAccessTokenThatWorksAtUserinfo() throws Exception {
        Map<String, String> response =
                assertFragment(approve(new Browser(test.baseUrl()), implicitUrl("spa", SPA, "id_token token")), SPA);

        assertThat(response)
                .containsOnlyKeys("access_token", "token_type", "expires_in", "id_token", "state", "iss")
                .containsEntry("token_type", "Bearer")
                .containsEntry("expires_in", "3600")
                .containsEntry("state", "st-1")
                .containsEntry("iss", test.issuer());
        JWTClaimsSet idToken = verifyIdToken(response.get("id_token"));
        assertThat(idToken.getSubject()).isEqualTo("alice");
        assertThat(idToken.getStringClaim("nonce")).isEqualTo("n-0S6_WzA2Mj");
        assertThat(idToken.getStringClaim("acr")).isEqualTo(test.issuer() + "/acr/password");
        // Back-Channel Logout 1.0 section 2.4: sid only for a client that receives logout tokens, as in the
        // code flow
        assertThat(idToken.getClaims()).doesNotContainKey("sid");
        // OIDC Core 3.2.2.10: at_hash binds the access token of the same response
        assertThat(idToken.getStringClaim("at_hash"))
                .isEqualTo(AccessTokenHash.compute(
                                new BearerAccessToken(response.get("access_token")), JWSAlgorithm.ES256, Curve.P_256)
                        .getValue());
        // with an access token, the profile and email claims are userinfo's (OIDC Core 5.4)
        assertThat(idToken.getClaims()).doesNotContainKeys("email", "name");

        HttpResponse<String> userinfo = Http.bearer(test.baseUrl() + "/oauth2/userinfo", response.get("access_token"));
        assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
        assertThat(Http.json(userinfo))
                .containsEntry("sub", "alice")
                .containsEntry("email", "alice@example.com")
                .containsEntry("name", "Alice Example");
    }

    @Test
    void idTokenThenNoAccessTokenAndTheScopesClaimsInTheIdToken() throws Exception {
        Map<String, String> response =
                assertFragment(approve(new Browser(test.baseUrl()), implicitUrl("spa", SPA, "id_token")), SPA);

        assertThat(response).containsOnlyKeys("id_token", "state", "iss");
        JWTClaimsSet idToken = verifyIdToken(response.get("id_token"));
        assertThat(idToken.getStringClaim("nonce")).isEqualTo("n-0S6_WzA2Mj");
        assertThat(idToken.getClaims()).doesNotContainKey("at_hash");
        // OIDC Core 5.4: no access token, so the claims of the scopes are in the ID token
        assertThat(idToken.getStringClaim("email")).isEqualTo("alice@example.com");
        assertThat(idToken.getStringClaim("name")).isEqualTo("Alice Example");
    }

    @Test
    void wordsInAnotherOrderThenTheSameResponseType() {
        Map<String, String> response =
                assertFragment(approve(new Browser(test.baseUrl()), implicitUrl("spa", SPA, "token id_token")), SPA);

        assertThat(response).containsKeys("access_token", "id_token");
    }

    @Test
    void formPostThenTheTokensArePostedNotInAnyUrl() {
        HttpResponse<String> page = approve(
                new Browser(test.baseUrl()), implicitUrl("spa", SPA, "id_token token", "response_mode", "form_post"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body())
                .contains("<form method=\"post\" action=\"https:&#47;&#47;spa.example.com&#47;cb\">")
                .contains("name=\"access_token\"", "name=\"id_token\"", "name=\"token_type\" value=\"Bearer\"")
                .contains("name=\"state\" value=\"st-1\"")
                .doesNotContain("refresh_token", "name=\"code\"");
    }

    @Test
    void nonceMissingThenInvalidRequestInTheFragment() {
        Map<String, String> error = assertFragment(
                new Browser(test.baseUrl()).get(implicitUrl("spa", SPA, "id_token token", "nonce", null)), SPA);

        assertThat(error)
                .containsEntry("error", "invalid_request")
                .containsEntry("error_description", "The implicit response types need the 'nonce' parameter")
                .containsEntry("state", "st-1")
                .containsEntry("iss", test.issuer());
    }

    @Test
    void queryResponseModeThenRefusedInTheFragment() {
        Map<String, String> error = assertFragment(
                new Browser(test.baseUrl()).get(implicitUrl("spa", SPA, "id_token", "response_mode", "query")), SPA);

        assertThat(error)
                .containsEntry("error", "invalid_request")
                .containsEntry("error_description", "The response mode 'query' is not allowed for this response type");
    }

    @Test
    void withoutOpenidScopeThenInvalidScope() {
        Map<String, String> error = assertFragment(
                new Browser(test.baseUrl()).get(implicitUrl("spa", SPA, "id_token", "scope", "profile")), SPA);

        assertThat(error).containsEntry("error", "invalid_scope");
    }

    @Test
    void responseTypeNotRegisteredByTheClientThenUnauthorizedClientBeforeAnySignIn() {
        Map<String, String> error =
                assertFragment(new Browser(test.baseUrl()).get(implicitUrl("web", WEB, "id_token token")), WEB);

        assertThat(error)
                .containsEntry("error", "unauthorized_client")
                .containsEntry("error_description", "The client has not registered this response type")
                .containsEntry("state", "st-1");
    }

    @Test
    void optedInThenDiscoveryListsTheImplicitResponseTypesModesAndGrant() {
        Map<String, Object> metadata = Http.json(Http.get(test.baseUrl() + "/.well-known/openid-configuration"));

        assertThat(metadata)
                .containsEntry("response_types_supported", List.of("code", "id_token", "id_token token"))
                .containsEntry("response_modes_supported", List.of("query", "fragment", "form_post"));
        assertThat(metadata.get("grant_types_supported"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .contains("authorization_code", "implicit");
    }

    @Test
    void clientWithBackchannelLogoutUriThenItsIdTokenNamesTheSession() throws Exception {
        try (TestServer withLogout = TestServer.start(CONFIG.replace(
                "idTokenSignedResponseAlg: ES256\n",
                "idTokenSignedResponseAlg: ES256\n    backchannelLogoutUri: http://127.0.0.1:9/backchannel\n"))) {
            Map<String, String> response = assertFragment(
                    approve(new Browser(withLogout.baseUrl()), implicitUrl("spa", SPA, "id_token")), SPA);
            JWTClaimsSet idToken = JWTParser.parse(response.get("id_token")).getJWTClaimsSet();
            assertThat(idToken.getAudience()).containsExactly("spa");
            assertThat(idToken.getStringClaim("sid")).isNotBlank();
        }
    }

    @Test
    void codeFlowThenUnchangedBesideTheOptIn() {
        HttpResponse<String> response =
                approve(new Browser(test.baseUrl()), PagesHttpTest.authorizeUrl("web", WEB, "scope", "openid profile"));

        assertThat(PagesHttpTest.assertRedirect(response, WEB)).containsKeys("code", "state", "iss");
    }

    @Test
    void registrationWithTheImplicitResponseTypesAndGrantThenRegistered() {
        HttpResponse<String> response = register("""
                {"redirect_uris": ["https://rp.example.com/cb"], "token_endpoint_auth_method": "none",
                 "response_types": ["id_token", "token id_token"], "grant_types": ["implicit"],
                 "scope": "openid"}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(Http.json(response))
                .containsEntry("response_types", List.of("id_token", "id_token token"))
                .containsEntry("grant_types", List.of("implicit"));
        String clientId = (String) Http.json(response).get("client_id");
        Map<String, String> error = PagesHttpTest.assertRedirect(
                new Browser(test.baseUrl())
                        .get(PagesHttpTest.authorizeUrl(clientId, "https://rp.example.com/cb", "scope", "openid")),
                "https://rp.example.com/cb");
        assertThat(error).containsEntry("error", "unauthorized_client");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:7001/cb", "http://[::1]:7001/cb", "com.example.app:/cb"})
    void implicitWebClientWithARedirectUriOtherThanHttpsThenInvalidRedirectUri(String uri) {
        HttpResponse<String> response = register("""
                {"redirect_uris": ["https://rp.example.com/cb", "%s"], "token_endpoint_auth_method": "none",
                 "response_types": ["id_token"], "grant_types": ["implicit"]}""".formatted(uri));

        // OpenID Connect Dynamic Client Registration 1.0 section 2: the tokens travel in the fragment, https only
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Http.json(response))
                .containsEntry("error", "invalid_redirect_uri")
                .containsEntry(
                        "error_description",
                        "A web client of the implicit grant registers https redirect URIs only"
                                + " (OpenID Connect Dynamic Client Registration 1.0 section 2): " + uri);
    }

    @Test
    void nativeImplicitClientOrWebCodeClientOnLoopbackThenRegistered() {
        HttpResponse<String> nativeClient = register("""
                {"redirect_uris": ["http://127.0.0.1:7001/cb"], "token_endpoint_auth_method": "none",
                 "application_type": "native", "response_types": ["id_token"], "grant_types": ["implicit"]}""");
        HttpResponse<String> codeClient = register("""
                {"redirect_uris": ["http://127.0.0.1:7001/cb"], "token_endpoint_auth_method": "none"}""");

        assertThat(nativeClient.statusCode()).as(nativeClient.body()).isEqualTo(201);
        assertThat(codeClient.statusCode()).as(codeClient.body()).isEqualTo(201);
    }

    @Test
    void registrationWithResponseTypesWithoutTheirGrantTypeThenInvalidClientMetadata() {
        HttpResponse<String> response = register("""
                {"redirect_uris": ["https://rp.example.com/cb"], "token_endpoint_auth_method": "none",
                 "response_types": ["id_token"], "grant_types": ["authorization_code"]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response)).containsEntry("error", "invalid_client_metadata");
    }

    @Test
    void notOptedInThenDiscoveryUnchangedAndTheRequestRefused() {
        try (TestServer plain = TestServer.start(CONFIG.replace("implicit: {enabled: true}\n", "")
                .replace("responseTypes: [code, id_token, id_token token]", "responseTypes: [code]")
                .replace("grantTypes: [authorization_code, implicit]", "grantTypes: [authorization_code]"))) {
            Map<String, Object> metadata = Http.json(Http.get(plain.baseUrl() + "/.well-known/openid-configuration"));
            assertThat(metadata)
                    .containsEntry("response_types_supported", List.of("code"))
                    .containsEntry("response_modes_supported", List.of("query", "form_post"));
            assertThat(metadata.get("grant_types_supported"))
                    .asInstanceOf(InstanceOfAssertFactories.LIST)
                    .doesNotContain("implicit");

            // RFC 6749 section 4.2.2.1: the error of a response type that returns tokens is in the fragment
            Map<String, String> error =
                    assertFragment(new Browser(plain.baseUrl()).get(implicitUrl("spa", SPA, "id_token token")), SPA);
            assertThat(error)
                    .containsEntry("error", "unsupported_response_type")
                    .containsEntry("error_description", "Only the 'code' response type is supported")
                    .containsEntry("state", "st-1");

            HttpResponse<String> registration =
                    Http.postRaw(plain.baseUrl() + "/oauth2/register", null, "application/json", """
                    {"redirect_uris": ["https://rp.example.com/cb"], "token_endpoint_auth_method": "none",
                     "response_types": ["id_token"], "grant_types": ["implicit"]}""");
            assertThat(registration.statusCode()).isEqualTo(400);
            assertThat(Http.json(registration))
                    .containsEntry("error", "invalid_client_metadata")
                    .containsEntry(
                            "error_description", "Only the response type 'code' is offered (RFC 9700 section 2.1.2)");
        }
    }

    @Test
    void responseTypesWithoutTheOptInThenConfigRefused() {
        String config = CONFIG.replace("implicit: {enabled: true}\n", "").replace("PORT", "8080");

        assertThatThrownBy(() -> new ConfigLoader(new SecureRandom()).parse("c.yaml", config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].responseTypes[1]")
                .hasMessageContaining("implicit.enabled");
    }

    @Test
    void optInWithTheFapi2ProfileOrRequiredDpopThenConfigRefused() {
        String minimal = """
                issuer: http://127.0.0.1:8080
                implicit: {enabled: true}
                """;

        assertThatThrownBy(() -> new ConfigLoader(new SecureRandom()).parse("c.yaml", minimal + "profile: fapi2\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("implicit.enabled")
                .hasMessageContaining("fapi2");
        assertThatThrownBy(() ->
                        new ConfigLoader(new SecureRandom()).parse("c.yaml", minimal + "dpop: {required: true}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("implicit.enabled")
                .hasMessageContaining("dpop.required");
    }

    @Test
    void fapi2ClientWithAnImplicitResponseTypeThenConfigRefused() {
        String config = CONFIG.replace(
                        "idTokenSignedResponseAlg: ES256", "idTokenSignedResponseAlg: ES256\n    profile: fapi2")
                .replace(
                        "authMethods: [none]",
                        "authMethods: [private_key_jwt]\n    jwksUri: https://spa.example.com/jwks")
                .replace("PORT", "8080");

        assertThatThrownBy(() -> new ConfigLoader(new SecureRandom()).parse("c.yaml", config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0]")
                .hasMessageContaining("FAPI 2.0");
    }

    private static HttpResponse<String> register(String json) {
        return Http.postRaw(test.baseUrl() + "/oauth2/register", null, "application/json", json);
    }
}
