package io.authdesign.server;

import static io.authdesign.server.PagesHttpTest.assertPage;
import static io.authdesign.server.PagesHttpTest.assertRedirect;
import static io.authdesign.server.PagesHttpTest.authorizeUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The identity attacks of issue 11 performed against the reference server over HTTP, each refused: a
 * grant without consent (RFC 6749 section 10.2), claims beyond the consent (OIDC Core section 5.5), an
 * {@code acr} echoed from the request (section 5.5.1.1), a client token read as a user's (RFC 9700 section
 * 4.15), and PKCE left out by a confidential client (RFC 9700 section 2.1.1).
 */
class IdentityHardeningHttpTest {

    static final String CALLBACK = "https://app.example.com/callback";
    static final String LEGACY_CALLBACK = "https://legacy.example.com/callback";

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            clients:
              - clientId: web
                clientSecret: web-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code, refresh_token]
                scopes: [openid, profile]
                redirectUris: [https://app.example.com/callback]
              - clientId: legacy
                clientSecret: legacy-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid]
                redirectUris: [https://legacy.example.com/callback]
                requirePkce: false
              - clientId: bare
                clientSecret: bare-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                redirectUris: [https://bare.example.com/callback]
              - clientId: svc
                clientSecret: svc-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [openid, profile]
            users:
              - username: alice
                password: alice-password
                claims: {name: Alice Example, email: alice@example.com}
            """;

    static final MutableClock CLOCK = new MutableClock();
    static TestServer test;

    @BeforeAll
    static void start() {
        test = TestServer.start(CONFIG, CLOCK);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    /** The authorize URL without the PKCE parameters {@link PagesHttpTest#authorizeUrl} adds. */
    static String withoutPkce(String url) {
        return url.replaceAll("&code_challenge=[^&]*", "").replaceAll("&code_challenge_method=S256", "");
    }

    // ---- item 15: PKCE for confidential clients too ----

    @Test
    void confidentialClientWithoutChallengeThenRedirectedWithInvalidRequest() {
        Browser browser = new Browser(test.baseUrl());
        String url = withoutPkce(authorizeUrl("web", CALLBACK));
        assertThat(url).doesNotContain("code_challenge");
        Map<String, String> error = assertRedirect(browser.get(url), CALLBACK);
        assertThat(error)
                .isEqualTo(Map.of(
                        "error", "invalid_request",
                        "error_description", "This client must use PKCE (RFC 7636)",
                        "state", "st-3",
                        "iss", test.issuer()));
    }

    @Test
    void confidentialClientOptedOutWithRequirePkceFalseThenSignInPageWithoutChallenge() {
        HttpResponse<String> page = new Browser(test.baseUrl())
                .get(withoutPkce(authorizeUrl("legacy", LEGACY_CALLBACK, "scope", "openid")));
        assertPage(page, 200);
        assertThat(page.body()).contains("<h1>Sign in</h1>");
    }

    // ---- helpers ----

    /** A browser where alice signed in and approved the web client for openid only. */
    static Browser aliceApprovedOpenidOnly() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent = PagesHttpTest.signIn(
                browser, authorizeUrl("web", CALLBACK, "scope", "openid"), "alice", "alice-password");
        // the server lives for the whole class: a test before may have approved already
        assertRedirect(consent.statusCode() == 200 ? approve(browser, consent) : consent, CALLBACK);
        return browser;
    }

    static HttpResponse<String> approve(Browser browser, HttpResponse<String> consent) {
        return browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "approve");
    }

    static Map<String, Object> redeem(String code) {
        HttpResponse<String> tokens = Http.postForm(
                test.tokenUrl(),
                Http.basic("web", "web-secret"),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        CALLBACK,
                        "code_verifier",
                        PagesHttpTest.VERIFIER));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return Http.json(tokens);
    }

    static Map<String, Object> claims(Object jwt) throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse((String) jwt).getJWTClaimsSet().getClaims();
    }

    // ---- item 1: consent bypass ----

    @Test
    void unregisteredScopesWithPromptNoneForASignedInUserThenInvalidScopeAndNoCode() {
        Browser browser = aliceApprovedOpenidOnly();
        Map<String, String> error = assertRedirect(
                browser.get(authorizeUrl("legacy", LEGACY_CALLBACK, "scope", "admin superuser", "prompt", "none")),
                LEGACY_CALLBACK);
        assertThat(error)
                .containsEntry("error", "invalid_scope")
                .containsEntry("error_description", "The requested scope is not allowed for this client")
                .doesNotContainKey("code");
    }

    @Test
    void noScopeWithPromptNoneForANeverApprovedClientThenConsentRequiredAndNoCode() {
        Browser browser = aliceApprovedOpenidOnly();
        String url = authorizeUrl("legacy", LEGACY_CALLBACK, "prompt", "none").replace("&scope=openid+profile", "");
        assertThat(url).doesNotContain("scope=");
        assertThat(assertRedirect(browser.get(url), LEGACY_CALLBACK))
                .containsEntry("error", "consent_required")
                .doesNotContainKey("code");
    }

    @Test
    void noScopeForAClientWithoutScopesThenInvalidScope() {
        Browser browser = aliceApprovedOpenidOnly();
        String callback = "https://bare.example.com/callback";
        String url = authorizeUrl("bare", callback).replace("&scope=openid+profile", "");
        assertThat(assertRedirect(browser.get(url), callback))
                .containsEntry("error", "invalid_scope")
                .containsEntry("error_description", "The request has no scope and the client has no default scope");
    }

    // ---- item 2: the claims parameter ----

    @Test
    void claimsOfAScopeTheClientLacksAndOfAnUnconsentedScopeThenNeverReleasedSilently() throws Exception {
        Browser browser = aliceApprovedOpenidOnly();
        String claims = "{\"id_token\":{\"email\":null,\"name\":null},\"userinfo\":{\"email\":null,\"name\":null}}";
        // silently: name was never approved, email is not the web client's to have
        assertThat(assertRedirect(
                        browser.get(
                                authorizeUrl("web", CALLBACK, "scope", "openid", "claims", claims, "prompt", "none")),
                        CALLBACK))
                .containsEntry("error", "consent_required");
        HttpResponse<String> consent = browser.get(authorizeUrl("web", CALLBACK, "scope", "openid", "claims", claims));
        assertPage(consent, 200);
        assertThat(consent.body()).contains("<li>your <code>name</code></li>").doesNotContain("<code>email</code>");
        Map<String, Object> tokens =
                redeem(assertRedirect(approve(browser, consent), CALLBACK).get("code"));
        assertThat(claims(tokens.get("id_token")))
                .containsEntry("name", "Alice Example")
                .doesNotContainKey("email");
        HttpResponse<String> userinfo =
                Http.bearer(test.baseUrl() + "/oauth2/userinfo", (String) tokens.get("access_token"));
        assertThat(Http.json(userinfo)).isEqualTo(Map.of("sub", "alice", "name", "Alice Example"));
    }

    // ---- item 3: acr ----

    @Test
    void acrValuesAskedForThenTheAchievedAcrNotTheEchoAndWhitespaceAcrValuesIsNoServerError() throws Exception {
        Browser browser = aliceApprovedOpenidOnly();
        Map<String, String> response = assertRedirect(
                browser.get(authorizeUrl("web", CALLBACK, "scope", "openid", "acr_values", "urn:example:mfa")),
                CALLBACK);
        // OIDC Discovery section 3: the one acr a sign-in here achieves is advertised, so acr_values can name it
        assertThat(Http.json(Http.get(test.issuer() + "/.well-known/openid-configuration")))
                .containsEntry("acr_values_supported", List.of(ReferenceServer.passwordAcr(test.issuer())));
        // the acr states what the password sign-in achieved, never the value asked for
        assertThat(claims(redeem(response.get("code")).get("id_token")))
                .containsEntry("acr", ReferenceServer.passwordAcr(test.issuer()));
        Map<String, String> blank = assertRedirect(
                browser.get(authorizeUrl("web", CALLBACK, "scope", "openid", "acr_values", " ")), CALLBACK);
        assertThat(blank).containsKey("code").doesNotContainKey("error");
    }

    @Test
    void essentialAcrThatCannotBeMetThenUnmetAuthenticationRequirements() {
        Browser browser = aliceApprovedOpenidOnly();
        String claims = "{\"id_token\":{\"acr\":{\"essential\":true,\"value\":\"urn:example:mfa\"}}}";
        assertThat(assertRedirect(
                        browser.get(authorizeUrl("web", CALLBACK, "scope", "openid", "claims", claims)), CALLBACK))
                .containsEntry("error", "unmet_authentication_requirements")
                .containsEntry("error_description", "The requested authentication context cannot be met")
                .doesNotContainKey("code");
    }

    // ---- item 4: client tokens are not a user's ----

    @Test
    void clientCredentialsTokenWithOpenidThenUserinfoRefusesIt() {
        HttpResponse<String> token = Http.postForm(
                test.tokenUrl(),
                Http.basic("svc", "svc-secret"),
                Map.of("grant_type", "client_credentials", "scope", "openid profile"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        HttpResponse<String> userinfo = Http.bearer(
                test.baseUrl() + "/oauth2/userinfo", (String) Http.json(token).get("access_token"));
        assertThat(userinfo.statusCode()).isEqualTo(401);
        assertThat(userinfo.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"", "The access token is not valid for userinfo");
    }
}
