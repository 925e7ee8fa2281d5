package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyAuthorizationCodeFlowSuite.authorize;
import static io.authdesign.testkit.ReadyFlows.ALICE;
import static io.authdesign.testkit.ReadyFlows.AUTHORIZE;
import static io.authdesign.testkit.ReadyFlows.OTHER;
import static io.authdesign.testkit.ReadyFlows.OTHER_SECRET;
import static io.authdesign.testkit.ReadyFlows.SPA;
import static io.authdesign.testkit.ReadyFlows.SPA_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.WEB;
import static io.authdesign.testkit.ReadyFlows.WEB_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.WEB_SECRET;
import static io.authdesign.testkit.ReadyFlows.authorizeUrl;
import static io.authdesign.testkit.ReadyFlows.redirected;
import static io.authdesign.testkit.ReadyFlows.request;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.authorize.RenderContext;
import io.authdesign.store.RegisteredClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attacks on the ready authorization code flow of RFC 6749 section 10, RFC 9700 and RFC 7636, each
 * refused over HTTP without issuing anything.
 */
public abstract class ReadyAuthorizationCodeAttacksSuite {

    private ReadyFlows flows;

    @BeforeEach
    void start() {
        flows = new ReadyFlows();
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    private Map<String, String> webCode(ReadyFlows.Pkce pkce) {
        return authorize(flows, flows.browser(), request(WEB, WEB_REDIRECT, pkce));
    }

    private Reply redeemWeb(String code, String... more) {
        List<String> form = new ArrayList<>(
                List.of("grant_type", "authorization_code", "code", code, "redirect_uri", WEB_REDIRECT));
        form.addAll(List.of(more));
        return flows.token(WEB, WEB_SECRET).form(form.toArray(String[]::new)).send();
    }

    private Reply spaToken(String... form) {
        return flows.server.post(TestServer.TOKEN).form(form).send();
    }

    private Reply refresh(String clientId, String secret, String refreshToken, String... more) {
        List<String> form = new ArrayList<>(List.of("grant_type", "refresh_token", "refresh_token", refreshToken));
        form.addAll(List.of(more));
        return secret == null
                ? spaToken(concat(form, "client_id", clientId))
                : flows.token(clientId, secret)
                        .form(form.toArray(String[]::new))
                        .send();
    }

    private static String[] concat(List<String> form, String... more) {
        List<String> all = new ArrayList<>(form);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static void invalidGrant(Reply reply, String description) {
        assertError(reply, 400, "invalid_grant", description);
    }

    // ---- code reuse ----

    @Test
    void aReusedCodeIsRefusedAndRevokesTheRefreshTokenOfItsFirstRedemption() {
        Map<String, String> response = webCode(null);
        Reply first = redeemWeb(response.get("code"));
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        String refreshToken = (String) first.json().get("refresh_token");

        invalidGrant(redeemWeb(response.get("code")), "The authorization code was already used");
        invalidGrant(refresh(WEB, WEB_SECRET, refreshToken), "The refresh token was revoked");
    }

    // ---- PKCE ----

    @Test
    void pkceDowngradeIsRefused() {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        Map<String, String> response = authorize(flows, flows.browser(), request(SPA, SPA_REDIRECT, pkce));
        invalidGrant(
                spaToken(
                        "grant_type",
                        "authorization_code",
                        "code",
                        response.get("code"),
                        "redirect_uri",
                        SPA_REDIRECT,
                        "client_id",
                        SPA),
                "The code_verifier is missing or malformed");
    }

    @Test
    void aWrongVerifierIsRefused() {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        Map<String, String> response = authorize(flows, flows.browser(), request(SPA, SPA_REDIRECT, pkce));
        invalidGrant(
                spaToken(
                        "grant_type",
                        "authorization_code",
                        "code",
                        response.get("code"),
                        "redirect_uri",
                        SPA_REDIRECT,
                        "client_id",
                        SPA,
                        "code_verifier",
                        ReadyFlows.Pkce.create().verifier()),
                "The code_verifier does not match");
    }

    @Test
    void aVerifierForACodeWithoutChallengeIsRefused() {
        Map<String, String> response = webCode(null);
        invalidGrant(
                redeemWeb(
                        response.get("code"),
                        "code_verifier",
                        ReadyFlows.Pkce.create().verifier()),
                "code_verifier sent for a code issued without code_challenge");
    }

    @Test
    void aPublicClientWithoutPkceIsRedirectedWithInvalidRequest() {
        Reply reply = flows.browser().get(authorizeUrl(request(SPA, SPA_REDIRECT, null)));
        assertThat(redirected(reply, SPA_REDIRECT))
                .isEqualTo(Map.of(
                        "error", "invalid_request",
                        "error_description", "This client must use PKCE (RFC 7636)",
                        "state", "st-spa",
                        "iss", flows.issuer));
    }

    @Test
    void thePlainMethodIsRefused() {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        List<String> params = request(SPA, SPA_REDIRECT, null);
        params.addAll(List.of("code_challenge", pkce.verifier(), "code_challenge_method", "plain"));
        Reply reply = flows.browser().get(authorizeUrl(params));
        assertThat(redirected(reply, SPA_REDIRECT))
                .containsEntry("error", "invalid_request")
                .containsEntry("error_description", "The code_challenge_method is not supported: use S256")
                .containsEntry("state", "st-spa");
    }

    // ---- redirect URIs ----

    @Test
    void aDifferentRedirectUriAtTheTokenEndpointIsRefused() {
        Map<String, String> response = webCode(null);
        Reply reply = flows.token(WEB, WEB_SECRET)
                .form(
                        "grant_type", "authorization_code",
                        "code", response.get("code"),
                        "redirect_uri", "https://web.example.com/cb?app=2")
                .send();
        invalidGrant(reply, "The redirect_uri does not match the authorization request");
        Reply missing = flows.token(WEB, WEB_SECRET)
                .form("grant_type", "authorization_code", "code", webCode(null).get("code"))
                .send();
        invalidGrant(missing, "The redirect_uri does not match the authorization request");
    }

    @Test
    void unregisteredRedirectUrisGetAnErrorPageAndNeverARedirect() {
        List<String> attempts = List.of(
                WEB_REDIRECT + "/more",
                WEB_REDIRECT + "&next=https://evil.example",
                "https://web.example.com/cb",
                "https://web.example.com/cb?app=1#frag",
                "https://evil.example.com/cb?app=1",
                "https://web.example.com@evil.example.com/cb?app=1",
                "https://web.example.com/cb?app=1@evil.example.com",
                "https://web.example.com//evil.example.com/cb?app=1",
                "//evil.example.com/cb?app=1",
                "https://WEB.example.com/cb?app=1",
                "http://web.example.com/cb?app=1");
        for (String redirectUri : attempts) {
            ReadyFlows.Browser browser = flows.browser();
            Reply reply = browser.get(authorizeUrl(request(WEB, redirectUri, null)));
            assertThat(reply.status()).as("%s: %s", redirectUri, reply).isEqualTo(400);
            assertThat(reply.headers("Location")).as(redirectUri).isEmpty();
            assertThat(reply.body())
                    .as(redirectUri)
                    .contains("invalid_request: The redirect URI is not registered for this client")
                    .doesNotContain("evil");
            assertThat(reply.headers("X-Frame-Options")).containsExactly("DENY");
        }
    }

    @Test
    void aNativeAppMayUseAnyPortOfItsLoopbackRedirectUriAndNothingElse() {
        String cli = "cli";
        flows.clients.save(RegisteredClient.builder(cli)
                .authMethods("none")
                .grantTypes("authorization_code")
                .redirectUris("http://127.0.0.1/callback")
                .scopes("openid", "profile", "email")
                .build());
        String ephemeral = "http://127.0.0.1:51789/callback";
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        Map<String, String> response = authorize(flows, flows.browser(), request(cli, ephemeral, pkce));
        Reply token = spaToken(
                "grant_type",
                "authorization_code",
                "code",
                response.get("code"),
                "redirect_uri",
                ephemeral,
                "code_verifier",
                pkce.verifier(),
                "client_id",
                cli);
        assertThat(token.status()).as("%s", token).isEqualTo(200);

        List<String> attempts = List.of(
                "http://localhost:51789/callback",
                "http://127.0.0.2:51789/callback",
                "https://127.0.0.1:51789/callback",
                "http://127.0.0.1:51789/callback/",
                "http://127.0.0.1:51789/other",
                "http://127.0.0.1:51789/callback?next=x",
                "http://user@127.0.0.1:51789/callback");
        for (String redirectUri : attempts) {
            Reply reply = flows.browser().get(authorizeUrl(request(cli, redirectUri, ReadyFlows.Pkce.create())));
            assertThat(reply.status()).as("%s: %s", redirectUri, reply).isEqualTo(400);
            assertThat(reply.headers("Location")).as(redirectUri).isEmpty();
            assertThat(reply.body()).contains("invalid_request: The redirect URI is not registered for this client");
        }
    }

    @Test
    void anUnknownClientGetsAnErrorPage() {
        Reply reply = flows.browser().get(authorizeUrl(request("nobody", WEB_REDIRECT, null)));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.headers("Location")).isEmpty();
        assertThat(reply.body()).contains("invalid_request: Unknown client");
    }

    // ---- client binding ----

    @Test
    void aCodeOfClientARedeemedByClientBIsRefused() {
        Map<String, String> response = webCode(null);
        Reply reply = flows.token(OTHER, OTHER_SECRET)
                .form("grant_type", "authorization_code", "code", response.get("code"), "redirect_uri", WEB_REDIRECT)
                .send();
        invalidGrant(reply, "The authorization code was issued to another client");
        Reply publicClient = spaToken(
                "grant_type",
                "authorization_code",
                "code",
                webCode(null).get("code"),
                "redirect_uri",
                WEB_REDIRECT,
                "client_id",
                SPA);
        invalidGrant(publicClient, "The authorization code was issued to another client");
    }

    @Test
    void aWrongClientSecretIsInvalidClient() {
        Map<String, String> response = webCode(null);
        Reply reply = flows.token(WEB, "wrong")
                .form("grant_type", "authorization_code", "code", response.get("code"), "redirect_uri", WEB_REDIRECT)
                .send();
        assertError(reply, 401, "invalid_client", "Client authentication failed");
        assertThat(redeemWeb(response.get("code")).status()).isEqualTo(200);
    }

    // ---- unsupported requests, redirected ----

    @Test
    void responseTypeTokenIsUnsupportedAndRedirected() {
        List<String> params = request(WEB, WEB_REDIRECT, null);
        params.set(params.indexOf("response_type") + 1, "token");
        Reply reply = flows.browser().get(authorizeUrl(params));

        // a response type that issues tokens answers in the fragment by default (OAuth 2.0 Multiple Response
        // Type Encoding Practices section 2.1, RFC 6749 section 4.2.2.1), errors included
        assertThat(reply.status()).isEqualTo(302);
        String location = reply.header("Location").orElseThrow();
        assertThat(location).startsWith(WEB_REDIRECT + "#");
        assertThat(ReadyFlows.queryOf("https://web.example.com/cb?" + location.substring(location.indexOf('#') + 1)))
                .isEqualTo(Map.of(
                        "error",
                        "unsupported_response_type",
                        "error_description",
                        "Only the 'code' response type is supported",
                        "state",
                        "st-web",
                        "iss",
                        flows.issuer));
    }

    @Test
    void requestObjectsAreNotSupported() {
        assertThat(redirected(
                        flows.browser().get(authorizeUrl(request(WEB, WEB_REDIRECT, null, "request", "eyJ.eyJ.sig"))),
                        WEB_REDIRECT))
                .containsEntry("error", "request_not_supported")
                .containsEntry("state", "st-web");
        assertThat(redirected(
                        flows.browser()
                                .get(authorizeUrl(
                                        request(WEB, WEB_REDIRECT, null, "request_uri", "https://evil.example.com/r"))),
                        WEB_REDIRECT))
                .containsEntry("error", "request_uri_not_supported")
                .containsEntry("state", "st-web");
    }

    // ---- CSRF and credentials ----

    @Test
    void formPostsWithoutAValidCsrfTokenAreForbiddenAndSignNobodyIn() {
        ReadyFlows.Browser browser = flows.browser();
        Reply page = browser.get(authorizeUrl(request(WEB, WEB_REDIRECT, null)));
        ReadyFlows.Form form = ReadyFlows.Form.of(page);
        String action = form.action();

        // A field with another token.
        Reply wrong = browser.post(
                action,
                RenderContext.CSRF_FIELD,
                "x".repeat(43),
                "username",
                ALICE,
                "password",
                ReadyFlows.ALICE_PASSWORD);
        assertForbidden(wrong);
        // The right token without its cookie (a cross-site form).
        ReadyFlows.Browser attacker = flows.browser();
        Reply noCookie = attacker.post(
                action,
                RenderContext.CSRF_FIELD,
                form.csrfToken(),
                "username",
                ALICE,
                "password",
                ReadyFlows.ALICE_PASSWORD);
        assertForbidden(noCookie);
        assertThat(attacker.cookies).doesNotContainKey("authdesign_session");
        // An empty token field, with the cookie.
        assertForbidden(browser.post(
                action, RenderContext.CSRF_FIELD, "", "username", ALICE, "password", ReadyFlows.ALICE_PASSWORD));
        assertThat(browser.cookies).doesNotContainKey("authdesign_session");

        // No token field at all: the POST is taken as an authorization request by POST, never as the form.
        Reply noField = browser.post(
                AUTHORIZE,
                concat(request(WEB, WEB_REDIRECT, null), "username", ALICE, "password", ReadyFlows.ALICE_PASSWORD));
        assertThat(noField.status()).isEqualTo(200);
        assertThat(noField.body()).contains("<title>Sign in</title>");
        assertThat(noField.headers("Set-Cookie")).noneMatch(c -> c.startsWith("authdesign_session="));
        assertThat(browser.cookies).doesNotContainKey("authdesign_session");
    }

    @Test
    void aConsentPostWithoutCsrfTokenIssuesNoCode() {
        ReadyFlows.Browser browser = flows.browser();
        Reply consent = browser.signIn(browser.get(authorizeUrl(request(WEB, WEB_REDIRECT, null))));
        ReadyFlows.Form form = ReadyFlows.Form.of(consent);
        Reply forged = browser.post(form.action(), RenderContext.CSRF_FIELD, "y".repeat(43), "consent", "approve");
        assertForbidden(forged);
        Reply noField = browser.post(AUTHORIZE, concat(request(WEB, WEB_REDIRECT, null), "consent", "approve"));
        assertThat(noField.status()).isEqualTo(200);
        assertThat(noField.body()).contains("<title>Consent</title>");
        assertThat(flows.consents.grantedScopes(ReadyFlows.ALICE_SUB, WEB)).isEmpty();
    }

    @Test
    void aPlantedCsrfCookieWithMatchingFieldIsRefusedInASignedInBrowser() {
        // The victim is signed in and on the consent page.
        ReadyFlows.Browser victim = flows.browser();
        Reply consent = victim.signIn(victim.get(authorizeUrl(request(WEB, WEB_REDIRECT, null))));
        String action = ReadyFlows.Form.of(consent).action();
        // Plain double submit: a cookie the attacker planted and a field of the same value.
        String planted = "p".repeat(43);
        victim.cookies.put("authdesign_csrf", planted);
        assertForbidden(victim.post(action, RenderContext.CSRF_FIELD, planted, "consent", "approve"));
        // The attacker's own nonce and a token valid for the attacker's own session.
        ReadyFlows.Browser attacker = flows.browser();
        Reply attackersConsent = attacker.signIn(attacker.get(authorizeUrl(request(WEB, WEB_REDIRECT, null))));
        victim.cookies.put("authdesign_csrf", attacker.cookies.get("authdesign_csrf"));
        assertForbidden(victim.post(
                action,
                RenderContext.CSRF_FIELD,
                ReadyFlows.Form.of(attackersConsent).csrfToken(),
                "consent",
                "approve"));
        // A token for the attacker's nonce and no session (what a signed-out page carries).
        assertForbidden(victim.post(
                action,
                RenderContext.CSRF_FIELD,
                ReadyFlows.csrfToken(attacker.cookies.get("authdesign_csrf"), ""),
                "consent",
                "approve"));
        assertThat(flows.consents.grantedScopes(ReadyFlows.ALICE_SUB, WEB)).isEmpty();
    }

    private static void assertForbidden(Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(403);
        assertThat(reply.headers("Location")).isEmpty();
        assertThat(reply.headers("Set-Cookie")).noneMatch(c -> c.startsWith("authdesign_session="));
        assertThat(reply.body()).contains("The form expired: please try again");
    }

    @Test
    void aWrongPasswordShowsTheSignInPageAgainWith401() {
        ReadyFlows.Browser browser = flows.browser();
        Reply page = browser.get(authorizeUrl(request(WEB, WEB_REDIRECT, null)));
        Reply wrong = browser.submit(page, "username", ALICE, "password", "guess");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.headers("Location")).isEmpty();
        assertThat(wrong.body()).contains("<title>Sign in</title>", "Wrong username or password");
        assertThat(browser.cookies).doesNotContainKey("authdesign_session");
        Reply unknown = browser.submit(wrong, "username", "mallory", "password", "guess");
        assertThat(unknown.status()).isEqualTo(401);
        // The page still works afterwards.
        assertThat(browser.signIn(unknown).body()).contains("<title>Consent</title>");
    }

    // ---- refresh ----

    @Test
    void aRotatedRefreshTokenPresentedAgainRevokesTheWholeFamily() {
        Reply first = redeemWeb(webCode(null).get("code"));
        String rt1 = (String) first.json().get("refresh_token");
        Reply second = refresh(WEB, WEB_SECRET, rt1);
        assertThat(second.status()).as("%s", second).isEqualTo(200);
        String rt2 = (String) second.json().get("refresh_token");
        assertThat(rt2).isNotEqualTo(rt1);
        assertThat(second.json()).containsKeys("access_token", "id_token");
        assertThat(second.json().get("id_token")).isNotNull();

        invalidGrant(refresh(WEB, WEB_SECRET, rt1), "The refresh token was already used");
        invalidGrant(refresh(WEB, WEB_SECRET, rt2), "The refresh token was revoked");
    }

    @Test
    void aRefreshTokenOfAnotherClientIsRefused() {
        String rt = (String) redeemWeb(webCode(null).get("code")).json().get("refresh_token");
        invalidGrant(refresh(OTHER, OTHER_SECRET, rt), "The refresh token was issued to another client");
        assertError(refresh(WEB, "wrong", rt), 401, "invalid_client", "Client authentication failed");
        invalidGrant(refresh(SPA, null, rt), "The refresh token was issued to another client");
        // None of these used the token.
        assertThat(refresh(WEB, WEB_SECRET, rt).status()).isEqualTo(200);
    }

    @Test
    void aRefreshAskingForAWiderScopeIsInvalidScope() {
        List<String> params = request(WEB, WEB_REDIRECT, null);
        params.set(params.indexOf("scope") + 1, "openid profile");
        String rt = (String) redeemWeb(authorize(flows, flows.browser(), params).get("code"))
                .json()
                .get("refresh_token");
        assertError(
                refresh(WEB, WEB_SECRET, rt, "scope", "openid profile email"),
                400,
                "invalid_scope",
                "The scope exceeds the original grant");
        Reply narrower = refresh(WEB, WEB_SECRET, rt, "scope", "openid");
        assertThat(narrower.status()).as("%s", narrower).isEqualTo(200);
        assertThat(narrower.json()).containsEntry("scope", "openid");
    }

    @Test
    void anUnknownRefreshTokenIsInvalidGrant() {
        invalidGrant(refresh(WEB, WEB_SECRET, "no-such-token"), "The refresh token was not accepted");
    }

    // ---- expiry ----

    @Test
    void anExpiredCodeIsRefused() {
        Map<String, String> response = webCode(null);
        flows.clock.advance(Duration.ofSeconds(61));
        invalidGrant(redeemWeb(response.get("code")), "The authorization code is invalid or expired");
    }
}
