package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference server's sign-in, consent and device pages over real HTTP, with a browser made by hand
 * (no redirect followed, cookies kept explicitly): escaped output, anti-framing and no-store headers,
 * cookie attributes, CSRF double-submit refusals, wrong passwords, remembered consent, and the device
 * verification page's user code handling.
 */
class PagesHttpTest {

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            clients:
              - clientId: web
                clientSecret: web-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code, refresh_token]
                scopes: [openid, profile, email]
                redirectUris: [https://app.example.com/callback]
              - clientId: other-web
                clientSecret: other-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid, profile]
                redirectUris: [https://other.example.com/callback]
              - clientId: "app<script>alert(1)</script>"
                clientSecret: evil-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid]
                redirectUris: [https://evil.example.com/callback]
              - clientId: tv
                authMethods: [none]
                grantTypes: [device_code, refresh_token]
                scopes: [openid, profile]
            users:
              - username: alice
                password: alice-password
                claims: {name: Alice Example, email: alice@example.com}
              - username: bob
                password: bob-password
              - username: carol
                password: carol-password
              - username: dave
                password: dave-password
              - username: "<b>mallory</b>"
                password: mallory-password
            """;

    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String SESSION = "authdesign_session";
    static final String CSRF = "authdesign_csrf";
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final String SCRIPT = "\"><script>alert(1)</script>";

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

    // ---- helpers ----

    static String authorizeUrl(String clientId, String redirectUri, String... extra) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid profile");
        query.put("state", "st-" + clientId.length());
        query.put("code_challenge", challenge(VERIFIER));
        query.put("code_challenge_method", "S256");
        for (int i = 0; i < extra.length; i += 2) {
            query.put(extra[i], extra[i + 1]);
        }
        return "/oauth2/authorize?"
                + query.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"));
    }

    static String webAuthorizeUrl(String... extra) {
        return authorizeUrl("web", "https://app.example.com/callback", extra);
    }

    static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Opens the authorize URL and submits the sign-in form; answers the response to the POST. */
    static HttpResponse<String> signIn(Browser browser, String authorizeUrl, String username, String password) {
        HttpResponse<String> page = browser.get(authorizeUrl);
        assertPage(page, 200);
        assertThat(page.body()).contains("<h1>Sign in</h1>");
        return browser.post(
                Browser.action(page), "csrf_token", Browser.csrf(page), "username", username, "password", password);
    }

    /** An HTML page that no browser caches nor frames. */
    static void assertPage(HttpResponse<String> page, int status) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(status);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWithIgnoringCase("text/html");
        assertThat(page.headers().allValues("X-Frame-Options")).containsExactly("DENY");
        assertThat(page.headers().allValues("Content-Security-Policy")).containsExactly("frame-ancestors 'none'");
        assertThat(page.headers().allValues("Cache-Control")).containsExactly("no-store");
    }

    /** A redirect to the client's callback; answers its query parameters. */
    static Map<String, String> assertRedirect(HttpResponse<String> response, String redirectUri) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(redirectUri + "?");
        return Browser.query(location);
    }

    static void assertNoSessionCookie(HttpResponse<String> response, Browser browser) {
        assertThat(Browser.setCookie(response, SESSION)).isEmpty();
        assertThat(browser.cookies()).doesNotContainKey(SESSION);
    }

    static Map<String, Object> deviceCode(String scope) {
        HttpResponse<String> response =
                Http.postForm(test.baseUrl() + "/oauth2/devicecode", null, Map.of("client_id", "tv", "scope", scope));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response);
    }

    static HttpResponse<String> poll(Map<String, Object> device) {
        return Http.postForm(
                test.tokenUrl(),
                null,
                Map.of(
                        "grant_type",
                        DEVICE_GRANT,
                        "device_code",
                        (String) device.get("device_code"),
                        "client_id",
                        "tv"));
    }

    static void assertPollError(Map<String, Object> device, String error) {
        HttpResponse<String> response = poll(device);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Http.json(response)).containsEntry("error", error);
    }

    // ---- the sign-in page ----

    @Test
    void signInPageEscapesTheLoginHintAndIsNeitherCachedNorFramable() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get(webAuthorizeUrl("login_hint", SCRIPT));
        assertPage(page, 200);
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("\"><");
        assertThat(page.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(page.body()).containsPattern("id=\"username\" name=\"username\" value=\"&quot;&gt;&lt;script&gt;");
        // the hint is shown escaped and comes back as typed when the form is read as a browser reads it
        assertThat(Browser.unescape(page.body())).contains("value=\"" + SCRIPT + "\"");
        assertThat(page.body()).contains("<input type=\"password\" id=\"password\" name=\"password\"");
    }

    @Test
    void csrfCookieIsHttpOnlyLaxAndLimitedToTheAuthorizationEndpoint() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get(webAuthorizeUrl());
        assertPage(page, 200);
        String setCookie = Browser.setCookie(page, CSRF).orElseThrow();
        Map<String, String> attributes = Browser.attributes(setCookie);
        assertThat(attributes).containsKey("httponly").containsEntry("samesite", "Lax");
        assertThat(attributes).containsEntry("path", "/").doesNotContainKey("secure");
        // the form carries a token bound to the nonce cookie and to the session (none yet), not the cookie
        String nonce = browser.cookies().get(CSRF);
        assertThat(nonce).hasSizeGreaterThanOrEqualTo(43);
        assertThat(Browser.csrf(page)).isNotEqualTo(nonce).isEqualTo(csrfToken(nonce, ""));
        // a second page reuses the cookie instead of setting another one
        HttpResponse<String> again = browser.get(webAuthorizeUrl());
        assertThat(Browser.setCookie(again, CSRF)).isEmpty();
        assertThat(Browser.csrf(again)).isEqualTo(csrfToken(nonce, ""));
    }

    @Test
    void rightPasswordThenHttpOnlyLaxSessionCookieNotSecureOverHttpAndTheConsentPage() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent = signIn(browser, webAuthorizeUrl(), "carol", "carol-password");
        assertPage(consent, 200);
        assertThat(consent.body()).contains("<h1>Allow access?</h1>").contains("<strong>web</strong>");
        assertThat(consent.body()).contains("<code>openid</code>").contains("<code>profile</code>");
        Map<String, String> attributes =
                Browser.attributes(Browser.setCookie(consent, SESSION).orElseThrow());
        assertThat(attributes).containsKey("httponly").containsEntry("samesite", "Lax");
        assertThat(attributes).containsEntry("path", "/").doesNotContainKey("secure");
    }

    @Test
    void wrongPasswordThen401SignInPageAndNoSession() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = signIn(browser, webAuthorizeUrl(), "alice", "not-her-password");
        assertPage(page, 401);
        assertThat(page.body()).contains("<h1>Sign in</h1>").contains("Wrong username or password");
        assertNoSessionCookie(page, browser);
        HttpResponse<String> unknownUser = signIn(browser, webAuthorizeUrl(), "nobody", "alice-password");
        assertPage(unknownUser, 401);
        assertThat(unknownUser.body()).contains("Wrong username or password");
        assertNoSessionCookie(unknownUser, browser);
    }

    @Test
    void signInWithAWrongCsrfTokenThen403AndNoSession() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get(webAuthorizeUrl());
        HttpResponse<String> forged = browser.post(
                Browser.action(page), "csrf_token", "x".repeat(43), "username", "alice", "password", "alice-password");
        assertPage(forged, 403);
        assertThat(forged.body()).contains("The form expired");
        assertNoSessionCookie(forged, browser);
    }

    @Test
    void signInWithoutTheCsrfCookieThen403AndNoSession() {
        // a cross-site form post: the attacker knows a token of their own, the victim's browser has none
        Browser attacker = new Browser(test.baseUrl());
        HttpResponse<String> page = attacker.get(webAuthorizeUrl());
        Browser victim = new Browser(test.baseUrl());
        HttpResponse<String> forged = victim.post(
                Browser.action(page),
                "csrf_token",
                Browser.csrf(page),
                "username",
                "alice",
                "password",
                "alice-password");
        assertPage(forged, 403);
        assertNoSessionCookie(forged, victim);
    }

    @Test
    void signInPostWithoutTheCsrfFieldSignsNobodyIn() {
        // Without csrf_token the POST is an OIDC authorization request sent by POST (OIDC Core 3.1.2.1): its
        // username and password are never read, so nobody is signed in; the sign-in page is shown.
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get(webAuthorizeUrl());
        Map<String, String> form = new LinkedHashMap<>(Browser.query(test.baseUrl() + webAuthorizeUrl()));
        form.put("username", "alice");
        form.put("password", "alice-password");
        HttpResponse<String> response = browser.post("/oauth2/authorize", form);
        assertPage(response, 200);
        assertThat(response.body()).contains("<h1>Sign in</h1>").doesNotContain("Allow access");
        assertNoSessionCookie(response, browser);
        assertThat(Browser.csrf(page)).isEqualTo(Browser.csrf(response));
    }

    @Test
    void errorPageOfARequestThatCannotBeRedirectedIsEscapedAndNeitherCachedNorFramable() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> unknownClient = browser.get(authorizeUrl(SCRIPT, "https://app.example.com/callback"));
        assertPage(unknownClient, 400);
        assertThat(unknownClient.headers().firstValue("Location")).isEmpty();
        assertThat(unknownClient.body()).doesNotContain("<script>");
        HttpResponse<String> foreignRedirect = browser.get(authorizeUrl("web", "https://attacker.example/" + SCRIPT));
        assertPage(foreignRedirect, 400);
        assertThat(foreignRedirect.headers().firstValue("Location")).isEmpty();
        assertThat(foreignRedirect.body())
                .contains("The redirect URI is not registered for this client")
                .doesNotContain("<script>");
    }

    // ---- the consent page ----

    @Test
    void consentPageEscapesTheClientAndUserNames() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent = signIn(
                browser,
                authorizeUrl("app<script>alert(1)</script>", "https://evil.example.com/callback", "scope", "openid"),
                "<b>mallory</b>",
                "mallory-password");
        assertPage(consent, 200);
        assertThat(consent.body()).contains("<h1>Allow access?</h1>");
        assertThat(consent.body()).doesNotContain("<script>").doesNotContain("<b>");
        assertThat(consent.body())
                .contains("app&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&lt;b&gt;mallory&lt;/b&gt;");
    }

    @Test
    void consentWithAWrongCsrfTokenThen403AndNothingApproved() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent = signIn(browser, webAuthorizeUrl(), "dave", "dave-password");
        assertThat(consent.body()).contains("Allow access?");
        HttpResponse<String> forged =
                browser.post(Browser.action(consent), "csrf_token", "y".repeat(43), "consent", "approve");
        assertPage(forged, 403);
        assertThat(forged.headers().firstValue("Location")).isEmpty();
        // without the field the POST is read as an authorization request, which lacks client_id here
        HttpResponse<String> withoutToken = browser.post(Browser.action(consent), "consent", "approve");
        assertPage(withoutToken, 400);
        assertThat(withoutToken.headers().firstValue("Location")).isEmpty();
        // still not approved: the next authorization asks again
        HttpResponse<String> again = browser.get(webAuthorizeUrl());
        assertPage(again, 200);
        assertThat(again.body()).contains("Allow access?");
    }

    @Test
    void consentIsRememberedPerUserAndClient() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent = signIn(browser, webAuthorizeUrl(), "alice", "alice-password");
        assertPage(consent, 200);
        Map<String, String> first = assertRedirect(
                browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "approve"),
                "https://app.example.com/callback");
        assertThat(first).containsKeys("code").containsEntry("state", "st-3").containsEntry("iss", test.issuer());

        // the same user and client: a code at once, without any page
        Map<String, String> second = assertRedirect(browser.get(webAuthorizeUrl()), "https://app.example.com/callback");
        assertThat(second.get("code")).isNotEqualTo(first.get("code"));
        assertThat(second).containsEntry("state", "st-3").containsEntry("iss", test.issuer());
        HttpResponse<String> token = Http.postForm(
                test.tokenUrl(),
                Http.basic("web", "web-secret"),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        second.get("code"),
                        "redirect_uri",
                        "https://app.example.com/callback",
                        "code_verifier",
                        VERIFIER));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(Http.json(token)).containsKeys("access_token", "id_token");

        // the same user, another client: asked again
        HttpResponse<String> otherClient = browser.get(authorizeUrl("other-web", "https://other.example.com/callback"));
        assertPage(otherClient, 200);
        assertThat(otherClient.body()).contains("Allow access?").contains("<strong>other-web</strong>");

        // another user, the same client: asked again
        Browser bobs = new Browser(test.baseUrl());
        HttpResponse<String> otherUser = signIn(bobs, webAuthorizeUrl(), "bob", "bob-password");
        assertPage(otherUser, 200);
        assertThat(otherUser.body()).contains("Allow access?").contains("<strong>bob</strong>");
    }

    @Test
    void denyThenAccessDeniedRedirectWithStateAndIssuer() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent = signIn(browser, webAuthorizeUrl(), "bob", "bob-password");
        Map<String, String> denied = assertRedirect(
                browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "deny"),
                "https://app.example.com/callback");
        assertThat(denied)
                .containsEntry("error", "access_denied")
                .containsEntry("state", "st-3")
                .containsEntry("iss", test.issuer())
                .doesNotContainKey("code");
    }

    /** The hidden fields of a form_post response page (OAuth 2.0 Form Post Response Mode section 2). */
    static Map<String, String> formPostFields(HttpResponse<String> page, String redirectUri) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.headers().allValues("Content-Security-Policy"))
                .singleElement()
                .satisfies(csp -> assertThat(csp).contains("form-action").contains("frame-ancestors 'none'"));
        assertThat(Browser.unescape(page.body())).contains("<form method=\"post\" action=\"" + redirectUri + "\">");
        Map<String, String> fields = new LinkedHashMap<>();
        java.util.regex.Matcher hidden = java.util.regex.Pattern.compile(
                        "<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")
                .matcher(page.body());
        while (hidden.find()) {
            fields.put(Browser.unescape(hidden.group(1)), Browser.unescape(hidden.group(2)));
        }
        return fields;
    }

    @Test
    void cancelOnTheSignInPageThenAccessDeniedRedirectWithStateAndIssuerAndNoSession() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get(webAuthorizeUrl());
        assertPage(page, 200);
        // a submit button of the sign-in form itself: no script, and the required fields do not stop it
        assertThat(page.body())
                .contains("<button type=\"submit\" name=\"cancel\" value=\"cancel\" id=\"cancel\" class=\"secondary\""
                        + " formnovalidate>Cancel</button>");

        HttpResponse<String> cancelled =
                browser.post(Browser.action(page), "csrf_token", Browser.csrf(page), "cancel", "cancel");

        Map<String, String> denied = assertRedirect(cancelled, "https://app.example.com/callback");
        assertThat(denied)
                .containsEntry("error", "access_denied")
                .containsEntry("state", "st-3")
                .containsEntry("iss", test.issuer())
                .doesNotContainKey("code");
        assertNoSessionCookie(cancelled, browser);
    }

    @Test
    void cancelWithUsernameAndPasswordFilledInThenStillAccessDeniedAndNobodySignedIn() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get(webAuthorizeUrl());

        HttpResponse<String> cancelled = browser.post(
                Browser.action(page),
                "csrf_token",
                Browser.csrf(page),
                "username",
                "alice",
                "password",
                "alice-password",
                "cancel",
                "cancel");

        assertThat(assertRedirect(cancelled, "https://app.example.com/callback"))
                .containsEntry("error", "access_denied");
        assertNoSessionCookie(cancelled, browser);
        assertThat(browser.get(webAuthorizeUrl()).body()).contains("<h1>Sign in</h1>");
    }

    @Test
    void cancelWithFormPostThenAccessDeniedPostedWithStateAndIssuer() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get(webAuthorizeUrl("response_mode", "form_post"));

        HttpResponse<String> cancelled =
                browser.post(Browser.action(page), "csrf_token", Browser.csrf(page), "cancel", "cancel");

        assertThat(formPostFields(cancelled, "https://app.example.com/callback"))
                .containsEntry("error", "access_denied")
                .containsEntry("state", "st-3")
                .containsEntry("iss", test.issuer())
                .doesNotContainKey("code");
        assertNoSessionCookie(cancelled, browser);
    }

    @Test
    void cancelWithoutAValidCsrfTokenThenRefusedAndNoRedirect() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get(webAuthorizeUrl());

        HttpResponse<String> forged =
                browser.post(Browser.action(page), "csrf_token", "forged-token", "cancel", "cancel");

        assertPage(forged, 403);
        assertThat(forged.headers().firstValue("Location")).isEmpty();
        assertThat(forged.body()).contains("The form expired");
        // a cross-site form without the token is an authorization request, not a cancel: the page again
        HttpResponse<String> withoutToken = browser.post(Browser.action(page), "cancel", "cancel");
        assertPage(withoutToken, 400);
        assertThat(withoutToken.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void denyOnTheConsentPageWithFormPostThenAccessDeniedPostedWithStateAndIssuer() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent = signIn(
                browser, webAuthorizeUrl("response_mode", "form_post", "prompt", "consent"), "bob", "bob-password");
        assertThat(consent.body()).contains("Allow access?");

        HttpResponse<String> denied =
                browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "deny");

        assertThat(formPostFields(denied, "https://app.example.com/callback"))
                .containsEntry("error", "access_denied")
                .containsEntry("state", "st-3")
                .containsEntry("iss", test.issuer())
                .doesNotContainKey("code");
    }

    @Test
    void httpsIssuerThenSecureCookies() {
        try (TestServer https = TestServer.start(CONFIG.replace("issuer: http://", "issuer: https://"))) {
            assertThat(https.issuer()).startsWith("https://127.0.0.1:");
            Browser browser = new Browser(https.baseUrl());
            HttpResponse<String> page = browser.get(webAuthorizeUrl());
            // under https the cookies are __Host- prefixed: no other host can plant them
            assertThat(Browser.setCookie(page, CSRF)).isEmpty();
            assertThat(Browser.attributes(
                            Browser.setCookie(page, "__Host-" + CSRF).orElseThrow()))
                    .containsKeys("secure", "httponly")
                    .containsEntry("samesite", "Lax")
                    .containsEntry("path", "/");
            HttpResponse<String> consent = browser.post(
                    Browser.action(page),
                    "csrf_token",
                    Browser.csrf(page),
                    "username",
                    "alice",
                    "password",
                    "alice-password");
            assertPage(consent, 200);
            assertThat(Browser.attributes(
                            Browser.setCookie(consent, "__Host-" + SESSION).orElseThrow()))
                    .containsKeys("secure", "httponly")
                    .containsEntry("samesite", "Lax")
                    .containsEntry("path", "/");
            Map<String, String> denied = assertRedirect(
                    browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "deny"),
                    "https://app.example.com/callback");
            assertThat(denied).containsEntry("iss", https.issuer());

            // the device pages too: their CSRF cookie, and the session cookie they set at sign-in
            Browser tv = new Browser(https.baseUrl());
            HttpResponse<String> device = tv.get("/device");
            assertThat(Browser.attributes(
                            Browser.setCookie(device, "__Host-" + CSRF).orElseThrow()))
                    .containsKeys("secure", "httponly")
                    .containsEntry("path", "/")
                    .containsEntry("samesite", "Lax");
            HttpResponse<String> codes = Http.postForm(
                    https.baseUrl() + "/oauth2/devicecode", null, Map.of("client_id", "tv", "scope", "openid"));
            String userCode = (String) Http.json(codes).get("user_code");
            assertThat((String) Http.json(codes).get("verification_uri")).isEqualTo(https.issuer() + "/device");
            HttpResponse<String> signIn = tv.post("/device", "csrf_token", Browser.csrf(device), "user_code", userCode);
            HttpResponse<String> signedIn = tv.post(
                    "/device",
                    "csrf_token",
                    Browser.csrf(signIn),
                    "user_code",
                    userCode,
                    "username",
                    "alice",
                    "password",
                    "alice-password");
            assertPage(signedIn, 200);
            assertThat(Browser.attributes(
                            Browser.setCookie(signedIn, "__Host-" + SESSION).orElseThrow()))
                    .containsKeys("secure", "httponly")
                    .containsEntry("samesite", "Lax");
        }
    }

    /** The token CsrfProtection derives for a form: BASE64URL(SHA-256(nonce "|" session)). */
    static String csrfToken(String nonce, String session) {
        try {
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                            .digest((nonce + "|" + session).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the device pages ----

    @Test
    void devicePageEscapesTheUserCodeAndIsNeitherCachedNorFramable() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get("/device?user_code=" + encode(SCRIPT));
        assertPage(page, 200);
        assertThat(page.body()).contains("<h1>Connect a device</h1>");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("\"><");
        assertThat(page.body()).contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"");
        Map<String, String> csrf =
                Browser.attributes(Browser.setCookie(page, CSRF).orElseThrow());
        assertThat(csrf)
                .containsKey("httponly")
                .containsEntry("samesite", "Lax")
                .containsEntry("path", "/")
                .doesNotContainKey("secure");
        // the form's token is bound to the browser's nonce and (no) session (CsrfProtection)
        assertThat(Browser.csrf(page)).isEqualTo(csrfToken(browser.cookies().get(CSRF), ""));
    }

    @Test
    void unknownUserCodeThen400PageThatEscapesIt() {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get("/device");
        HttpResponse<String> unknown = browser.post("/device", "csrf_token", Browser.csrf(page), "user_code", SCRIPT);
        assertPage(unknown, 400);
        assertThat(unknown.body()).contains("This code is unknown or has expired.");
        assertThat(unknown.body()).doesNotContain("<script>").contains("&lt;script&gt;");
        HttpResponse<String> wrong =
                browser.post("/device", "csrf_token", Browser.csrf(page), "user_code", "BCDF-GHJK");
        assertPage(wrong, 400);
    }

    @Test
    void expiredUserCodeThen400() {
        Map<String, Object> device = deviceCode("openid");
        assertThat(device.get("expires_in")).isEqualTo(600);
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get((String) device.get("verification_uri_complete"));
        assertPage(page, 200);
        CLOCK.advance(Duration.ofSeconds(601));
        HttpResponse<String> expired = browser.post(
                "/device", "csrf_token", Browser.csrf(page), "user_code", (String) device.get("user_code"));
        assertPage(expired, 400);
        assertThat(expired.body()).contains("This code is unknown or has expired.");
        assertPollError(device, "expired_token");
    }

    @Test
    void devicePostWithoutOrWithAWrongCsrfTokenThen403AndNothingApproved() {
        // alice has a session: only the CSRF check stands between a forged post and an approval
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent = signIn(browser, webAuthorizeUrl(), "alice", "alice-password");
        assertThat(browser.cookies()).containsKey(SESSION);
        assertThat(consent.statusCode()).isIn(200, 302);
        Map<String, Object> device = deviceCode("openid profile");
        String userCode = (String) device.get("user_code");
        browser.get("/device");
        HttpResponse<String> without = browser.post("/device", "user_code", userCode, "decision", "approve");
        assertPage(without, 403);
        assertThat(without.body()).contains("The form expired");
        HttpResponse<String> wrong =
                browser.post("/device", "csrf_token", "z".repeat(43), "user_code", userCode, "decision", "approve");
        assertPage(wrong, 403);
        Browser cookieless = new Browser(test.baseUrl());
        cookieless.cookies().put(SESSION, browser.cookies().get(SESSION));
        HttpResponse<String> noCookie = cookieless.post(
                "/device",
                "csrf_token",
                csrfToken(browser.cookies().get(CSRF), browser.cookies().get(SESSION)),
                "user_code",
                userCode,
                "decision",
                "approve");
        assertPage(noCookie, 403);
        assertPollError(device, "authorization_pending");
    }

    @Test
    void deviceSignInWithAWrongPasswordThen401() {
        Map<String, Object> device = deviceCode("openid");
        String userCode = (String) device.get("user_code");
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get("/device");
        HttpResponse<String> signIn = browser.post("/device", "csrf_token", Browser.csrf(page), "user_code", userCode);
        assertPage(signIn, 200);
        assertThat(signIn.body()).contains("<h1>Sign in</h1>").contains("<strong>tv</strong>");
        HttpResponse<String> wrong = browser.post(
                "/device",
                "csrf_token",
                Browser.csrf(signIn),
                "user_code",
                userCode,
                "username",
                "alice",
                "password",
                "wrong");
        assertPage(wrong, 401);
        assertThat(wrong.body()).contains("Wrong username or password");
        assertNoSessionCookie(wrong, browser);
        assertPollError(device, "authorization_pending");
    }

    @Test
    void approveWithTheUserCodeInLowerCaseWithoutTheDashThenTheNextPollGetsTokens() {
        Map<String, Object> device = deviceCode("openid profile");
        String userCode = (String) device.get("user_code");
        assertThat(userCode).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
        assertThat(device.get("verification_uri")).isEqualTo(test.issuer() + "/device");
        assertThat(device.get("verification_uri_complete")).isEqualTo(test.issuer() + "/device?user_code=" + userCode);
        String typed = userCode.replace("-", "").toLowerCase(java.util.Locale.ROOT);

        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get("/device");
        HttpResponse<String> signIn = browser.post("/device", "csrf_token", Browser.csrf(page), "user_code", typed);
        assertPage(signIn, 200);
        HttpResponse<String> consent = browser.post(
                "/device",
                "csrf_token",
                Browser.csrf(signIn),
                "user_code",
                typed,
                "username",
                "carol",
                "password",
                "carol-password");
        assertPage(consent, 200);
        assertThat(consent.body()).contains("Allow access?").contains("<strong>tv</strong>");
        assertThat(consent.body()).contains("<code>openid</code>").contains("<code>profile</code>");
        assertThat(Browser.attributes(Browser.setCookie(consent, SESSION).orElseThrow()))
                .containsKey("httponly")
                .containsEntry("samesite", "Lax");
        assertPollError(device, "authorization_pending");

        HttpResponse<String> done =
                browser.post("/device", "csrf_token", Browser.csrf(consent), "user_code", typed, "decision", "approve");
        assertPage(done, 200);
        assertThat(done.body()).contains("Your device is connected");

        HttpResponse<String> tokens = poll(device);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(Http.json(tokens)).containsKeys("access_token", "id_token", "refresh_token");
        assertThat(((String) Http.json(tokens).get("scope")).split(" ")).containsExactlyInAnyOrder("openid", "profile");
        // the same user code cannot be used again
        HttpResponse<String> reused = browser.post(
                "/device",
                "csrf_token",
                csrfToken(browser.cookies().get(CSRF), browser.cookies().get(SESSION)),
                "user_code",
                typed);
        assertPage(reused, 400);
    }

    @Test
    void signedInAtTheAuthorizationEndpointThenTheDevicePageGoesToConsent() {
        Browser browser = new Browser(test.baseUrl());
        signIn(browser, webAuthorizeUrl(), "bob", "bob-password");
        Map<String, Object> device = deviceCode("openid");
        HttpResponse<String> page = browser.get((String) device.get("verification_uri_complete"));
        assertThat(page.body()).contains("value=\"" + device.get("user_code") + "\"");
        HttpResponse<String> consent = browser.post(
                "/device", "csrf_token", Browser.csrf(page), "user_code", (String) device.get("user_code"));
        assertPage(consent, 200);
        assertThat(consent.body()).contains("Allow access?").contains("<strong>bob</strong>");
    }

    @Test
    void denyThenThePollGetsAccessDenied() {
        Map<String, Object> device = deviceCode("openid");
        String userCode = (String) device.get("user_code");
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get("/device");
        HttpResponse<String> signIn = browser.post("/device", "csrf_token", Browser.csrf(page), "user_code", userCode);
        HttpResponse<String> consent = browser.post(
                "/device",
                "csrf_token",
                Browser.csrf(signIn),
                "user_code",
                userCode,
                "username",
                "dave",
                "password",
                "dave-password");
        assertPage(consent, 200);
        HttpResponse<String> done =
                browser.post("/device", "csrf_token", Browser.csrf(consent), "user_code", userCode, "decision", "deny");
        assertPage(done, 200);
        assertThat(done.body()).contains("The device was not given access.");
        assertPollError(device, "access_denied");
    }
}
