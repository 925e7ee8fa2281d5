package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyFlows.ALICE_SUB;
import static io.authdesign.testkit.ReadyFlows.AUTHORIZE;
import static io.authdesign.testkit.ReadyFlows.SPA;
import static io.authdesign.testkit.ReadyFlows.SPA_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.USERINFO;
import static io.authdesign.testkit.ReadyFlows.WEB;
import static io.authdesign.testkit.ReadyFlows.WEB_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.WEB_SECRET;
import static io.authdesign.testkit.ReadyFlows.authorizeUrl;
import static io.authdesign.testkit.ReadyFlows.redirected;
import static io.authdesign.testkit.ReadyFlows.request;
import static io.authdesign.testkit.TokenAssertions.assertJson;
import static io.authdesign.testkit.TokenAssertions.assertNoStore;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.authdesign.authorize.RenderContext;
import io.authdesign.ready.ReadyAuthorizationCodeFlow;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ready authorization code flow over HTTP, as a browser and a client see it: sign-in, consent, the
 * redirect, the token exchange (once with the Nimbus SDK, which also validates the ID token), userinfo,
 * remembered consent and sessions, {@code prompt} and {@code max_age}.
 */
public abstract class ReadyAuthorizationCodeFlowSuite {

    private ReadyFlows flows;

    @BeforeEach
    void start() {
        flows = new ReadyFlows();
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    /** Signs in and approves in a new browser: the code's redirect parameters. */
    static Map<String, String> authorize(ReadyFlows flows, ReadyFlows.Browser browser, List<String> params) {
        String redirectUri = params.get(params.indexOf("redirect_uri") + 1);
        Reply signIn = browser.get(authorizeUrl(params));
        assertThat(signIn.status()).as("%s", signIn).isEqualTo(200);
        Reply consent = browser.signIn(signIn);
        if (consent.status() == 302) { // consent remembered
            return redirected(consent, redirectUri);
        }
        assertThat(consent.status()).as("%s", consent).isEqualTo(200);
        return redirected(browser.approve(consent), redirectUri);
    }

    static Map<String, Object> redeem(ReadyFlows flows, String code, ReadyFlows.Pkce pkce) {
        Reply reply = flows.server
                .post(TestServer.TOKEN)
                .form(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        SPA_REDIRECT,
                        "client_id",
                        SPA,
                        "code_verifier",
                        pkce.verifier())
                .send();
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.json();
    }

    @Test
    void signInConsentCodeTokensAndUserinfo() throws Exception {
        ReadyFlows.Browser browser = flows.browser();
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        List<String> params = request(SPA, SPA_REDIRECT, pkce);

        Reply signIn = browser.get(authorizeUrl(params));
        assertThat(signIn.status()).isEqualTo(200);
        assertThat(signIn.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(signIn.headers("Cache-Control")).containsExactly("no-store");
        assertThat(signIn.headers("X-Frame-Options")).containsExactly("DENY");
        assertThat(signIn.headers("Set-Cookie"))
                .singleElement()
                .satisfies(cookie -> assertThat(cookie)
                        .startsWith("authdesign_csrf=")
                        .contains("; Path=/;", "; HttpOnly", "; SameSite=Lax")
                        .doesNotContain("Secure"));
        ReadyFlows.Form form = ReadyFlows.Form.of(signIn);
        // the form's token is bound to the nonce cookie and to the (absent) session: not the cookie itself
        assertThat(form.csrfToken())
                .isNotEqualTo(browser.cookies.get("authdesign_csrf"))
                .isEqualTo(ReadyFlows.csrfToken(browser.cookies.get("authdesign_csrf"), ""));
        assertThat(form.action()).startsWith(AUTHORIZE + "?");
        assertThat(signIn.body()).contains("name=\"username\"", "name=\"password\"");

        Reply consent = browser.signIn(signIn);
        assertThat(consent.status()).as("%s", consent).isEqualTo(200);
        assertThat(consent.body()).contains("<title>Consent</title>", "<h1>spa</h1>");
        assertThat(consent.headers("Set-Cookie"))
                .singleElement()
                .satisfies(cookie -> assertThat(cookie)
                        .startsWith("authdesign_session=")
                        .contains("; Path=/", "; Max-Age=28800", "; HttpOnly", "; SameSite=Lax"));
        assertThat(browser.cookies).containsKeys("authdesign_session", "authdesign_csrf");

        Reply done = browser.approve(consent);
        assertThat(done.headers("Cache-Control")).containsExactly("no-store");
        Map<String, String> response = redirected(done, SPA_REDIRECT);
        assertThat(response).containsOnlyKeys("code", "state", "iss");
        assertThat(response).containsEntry("state", "st-spa").containsEntry("iss", flows.issuer);

        Map<String, Object> tokens = redeem(flows, response.get("code"), pkce);
        assertThat(tokens)
                .containsOnlyKeys("access_token", "token_type", "expires_in", "scope", "refresh_token", "id_token");
        assertThat(tokens).containsEntry("token_type", "Bearer");
        assertThat(((String) tokens.get("scope")).split(" ")).containsExactlyInAnyOrder("openid", "profile", "email");
        String accessToken = (String) tokens.get("access_token");
        SignedJWT at = SignedJWT.parse(accessToken);
        assertThat(at.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(at.getJWTClaimsSet().getSubject()).isEqualTo(ALICE_SUB);
        assertThat(at.getJWTClaimsSet().getStringClaim("scope").split(" "))
                .containsExactlyInAnyOrder("openid", "profile", "email");

        JWTClaimsSet id = SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet();
        assertThat(id.getIssuer()).isEqualTo(flows.issuer);
        assertThat(id.getAudience()).containsExactly(SPA);
        assertThat(id.getSubject()).isEqualTo(ALICE_SUB);
        assertThat(id.getStringClaim("nonce")).isEqualTo("n-spa");
        assertThat(id.getLongClaim("auth_time")).isEqualTo(flows.clock.instant().getEpochSecond());
        assertThat(id.getStringClaim("at_hash")).isEqualTo(atHash(accessToken));
        assertThat(id.getClaims()).doesNotContainKeys("email", "name");
        // what the password sign-in achieved, as configured (acrForMethod)
        assertThat(id.getStringClaim("acr")).isEqualTo(ReadyFlows.PASSWORD_ACR);
        assertThat(at.getJWTClaimsSet().getStringClaim("acr")).isEqualTo(ReadyFlows.PASSWORD_ACR);
        assertThat(at.getJWTClaimsSet().getLongClaim("auth_time")).isEqualTo(id.getLongClaim("auth_time"));

        Reply get = flows.server
                .get(USERINFO)
                .header("Authorization", "Bearer " + accessToken)
                .send();
        assertThat(get.status()).as("%s", get).isEqualTo(200);
        assertJson(get);
        assertThat(get.json())
                .isEqualTo(Map.of(
                        "sub",
                        ALICE_SUB,
                        "name",
                        "Alice Liddell",
                        "email",
                        "alice@example.com",
                        "email_verified",
                        true));
        Reply post = flows.server
                .post(USERINFO)
                .header("Authorization", "Bearer " + accessToken)
                .send();
        assertThat(post.status()).as("%s", post).isEqualTo(200);
        assertThat(post.json()).isEqualTo(get.json());
    }

    @Test
    void acrValuesAreAdvertisedAndAnsweredWithTheAcrTheSignInAchieved() throws Exception {
        // OIDC Discovery section 3: acr_values_supported names what the sign-ins state (acrForMethod)
        Reply discovery = flows.server.get("/.well-known/openid-configuration").send();
        assertThat(discovery.status()).isEqualTo(200);
        assertThat(discovery.json()).containsEntry("acr_values_supported", List.of(ReadyFlows.PASSWORD_ACR));

        // OIDC Core section 3.1.2.1: acr_values asks for one of them; the ID token states the one achieved
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        List<String> params =
                request(SPA, SPA_REDIRECT, pkce, "acr_values", "urn:example:loa:9 " + ReadyFlows.PASSWORD_ACR);
        Map<String, Object> tokens =
                redeem(flows, authorize(flows, flows.browser(), params).get("code"), pkce);
        JWTClaimsSet id = SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet();
        assertThat(id.getStringClaim("acr")).isEqualTo(ReadyFlows.PASSWORD_ACR);

        // a preference the sign-in cannot meet is not stated as met: never copied from the request
        ReadyFlows.Pkce other = ReadyFlows.Pkce.create();
        List<String> unmet = request(SPA, SPA_REDIRECT, other, "acr_values", "urn:example:loa:9");
        Map<String, Object> more =
                redeem(flows, authorize(flows, flows.browser(), unmet).get("code"), other);
        JWTClaimsSet second = SignedJWT.parse((String) more.get("id_token")).getJWTClaimsSet();
        assertThat(second.getStringClaim("acr")).isEqualTo(ReadyFlows.PASSWORD_ACR);
    }

    @Test
    void userinfoReleasesOnlyTheGrantedScopes() {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        List<String> params = request(SPA, SPA_REDIRECT, pkce);
        params.set(params.indexOf("scope") + 1, "openid email");
        Map<String, String> response = authorize(flows, flows.browser(), params);
        Map<String, Object> tokens = redeem(flows, response.get("code"), pkce);
        assertThat(((String) tokens.get("scope")).split(" ")).containsExactlyInAnyOrder("openid", "email");

        Reply userinfo = flows.server
                .get(USERINFO)
                .header("Authorization", "Bearer " + tokens.get("access_token"))
                .send();
        assertThat(userinfo.json())
                .isEqualTo(Map.of("sub", ALICE_SUB, "email", "alice@example.com", "email_verified", true));
    }

    @Test
    void userinfoRefusesMissingAndForeignTokens() {
        Reply none = flows.server.get(USERINFO).send();
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        Reply forged = flows.server
                .get(USERINFO)
                .header("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
                .send();
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.header("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\""));
    }

    /** An independent client (the Nimbus SDK) exchanges the code and validates the ID token with the JWKS. */
    @Test
    void nimbusRedeemsTheConfidentialClientsCodeAndValidatesTheIdToken() throws Exception {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        Map<String, String> response = authorize(flows, flows.browser(), request(WEB, WEB_REDIRECT, pkce));
        assertThat(response).containsOnlyKeys("app", "code", "state", "iss").containsEntry("app", "1");

        TokenRequest request = new TokenRequest.Builder(
                        URI.create(flows.issuer + TestServer.TOKEN),
                        new ClientSecretBasic(new ClientID(WEB), new Secret(WEB_SECRET)),
                        new AuthorizationCodeGrant(
                                new AuthorizationCode(response.get("code")),
                                URI.create(WEB_REDIRECT),
                                new CodeVerifier(pkce.verifier())))
                .build();
        var parsed = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        assertThat(parsed.indicatesSuccess()).as("%s", parsed).isTrue();
        OIDCTokenResponse tokens = (OIDCTokenResponse) parsed.toSuccessResponse();
        assertThat(tokens.getOIDCTokens().getRefreshToken()).isNotNull();
        assertThat(tokens.getOIDCTokens().getAccessToken()).isInstanceOf(BearerAccessToken.class);

        IDTokenValidator validator = new IDTokenValidator(
                new Issuer(flows.issuer),
                new ClientID(WEB),
                JWSAlgorithm.RS256,
                URI.create(flows.issuer + "/oauth2/keys").toURL());
        IDTokenClaimsSet claims = validator.validate(tokens.getOIDCTokens().getIDToken(), new Nonce("n-web"));
        assertThat(claims.getSubject().getValue()).isEqualTo(ALICE_SUB);
        assertThat(claims.getAudience()).extracting(Object::toString).containsExactly(WEB);
        assertThat(claims.getAuthenticationTime()).isNotNull();
        assertThat(claims.getAccessTokenHash().getValue())
                .isEqualTo(atHash(tokens.getOIDCTokens().getAccessToken().getValue()));
    }

    @Test
    void aSecondAuthorizationReusesTheSessionAndTheConsent() {
        ReadyFlows.Browser browser = flows.browser();
        authorize(flows, browser, request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create()));
        String session = browser.cookies.get("authdesign_session");

        Reply again = browser.get(authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create())));
        Map<String, String> response = redirected(again, SPA_REDIRECT);
        assertThat(response).containsOnlyKeys("code", "state", "iss");
        assertThat(again.headers("Set-Cookie")).isEmpty();
        assertThat(browser.cookies).containsEntry("authdesign_session", session);

        Reply silent =
                browser.get(authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create(), "prompt", "none")));
        assertThat(redirected(silent, SPA_REDIRECT)).containsOnlyKeys("code", "state", "iss");
    }

    @Test
    void promptNoneWithoutSessionIsLoginRequired() {
        Reply reply = flows.browser()
                .get(authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create(), "prompt", "none")));
        assertThat(redirected(reply, SPA_REDIRECT))
                .isEqualTo(Map.of(
                        "error", "login_required",
                        "error_description", "The user is not signed in",
                        "state", "st-spa",
                        "iss", flows.issuer));
    }

    @Test
    void promptNoneWithoutConsentIsConsentRequired() {
        ReadyFlows.Browser browser = flows.browser();
        authorize(flows, browser, request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create()));
        // Signed in, but the web client was never approved.
        Reply reply = browser.get(authorizeUrl(request(WEB, WEB_REDIRECT, null, "prompt", "none")));
        assertThat(redirected(reply, WEB_REDIRECT))
                .isEqualTo(Map.of(
                        "app", "1",
                        "error", "consent_required",
                        "error_description", "The user has not approved this client",
                        "state", "st-web",
                        "iss", flows.issuer));
    }

    @Test
    void promptLoginShowsTheSignInPageDespiteTheSession() {
        ReadyFlows.Browser browser = flows.browser();
        authorize(flows, browser, request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create()));
        flows.clock.advance(Duration.ofSeconds(30));

        Reply page = browser.get(authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create(), "prompt", "login")));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Sign in</title>");
        // Signing in again goes straight to the code (consent is remembered), with a new auth_time.
        String oldSession = browser.cookies.get("authdesign_session");
        Reply signedIn = browser.signIn(page);
        assertThat(redirected(signedIn, SPA_REDIRECT)).containsKey("code");
        assertThat(browser.cookies.get("authdesign_session")).isNotEqualTo(oldSession);
    }

    @Test
    void maxAgeZeroAsksToSignInAgainThenIssuesTheCode() {
        ReadyFlows.Browser browser = flows.browser();
        authorize(flows, browser, request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create()));
        flows.clock.advance(Duration.ofSeconds(5));

        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        Reply page = browser.get(authorizeUrl(request(SPA, SPA_REDIRECT, pkce, "max_age", "0")));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Sign in</title>");
        Reply signedIn = browser.signIn(page);
        Map<String, String> response = redirected(signedIn, SPA_REDIRECT);
        Map<String, Object> tokens = redeem(flows, response.get("code"), pkce);
        assertThat(tokens).containsKey("id_token");
    }

    @Test
    void maxAgeZeroWithConsentAfterSignInDoesNotLoop() {
        ReadyFlows.Browser browser = flows.browser();
        Reply page = browser.get(authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create(), "max_age", "0")));
        Reply consent = browser.signIn(page);
        assertThat(consent.body()).contains("<title>Consent</title>");
        flows.clock.advance(Duration.ofSeconds(3)); // the user reads the consent page
        assertThat(redirected(browser.approve(consent), SPA_REDIRECT)).containsKey("code");
    }

    @Test
    void denyingConsentRedirectsAccessDenied() {
        ReadyFlows.Browser browser = flows.browser();
        Reply consent = browser.signIn(browser.get(authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create()))));
        Reply denied = browser.submit(consent, "consent", "deny");
        assertThat(redirected(denied, SPA_REDIRECT))
                .isEqualTo(Map.of(
                        "error", "access_denied",
                        "error_description", "The request was denied",
                        "state", "st-spa",
                        "iss", flows.issuer));
        assertThat(flows.consents.grantedScopes(ALICE_SUB, SPA)).isEmpty();
    }

    @Test
    void cancelOnTheDefaultSignInPageRedirectsAccessDeniedAndSignsNobodyIn() {
        ReadyFlows.Browser browser = flows.browser();
        Reply signIn = browser.get(authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create())));
        // a submit button that skips the form's required fields: it works without scripts
        assertThat(signIn.body())
                .contains("<button type=\"submit\" name=\"cancel\" value=\"cancel\" formnovalidate>Cancel</button>");

        Reply cancelled = browser.submit(signIn, RenderContext.CANCEL_FIELD, "cancel", "username", ReadyFlows.ALICE);

        assertThat(redirected(cancelled, SPA_REDIRECT))
                .isEqualTo(Map.of(
                        "error", "access_denied",
                        "error_description", "The request was denied",
                        "state", "st-spa",
                        "iss", flows.issuer));
        assertThat(browser.cookies).doesNotContainKey(ReadyAuthorizationCodeFlow.SESSION_COOKIE);
        // nobody signed in: the next request shows the sign-in page again
        Reply again = browser.get(authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create())));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("autocomplete=\"current-password\"");
    }

    @Test
    void cancelWithAForgedCsrfTokenIsRefusedWithoutRedirect() {
        ReadyFlows.Browser browser = flows.browser();
        Reply signIn = browser.get(authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create())));

        Reply forged = browser.post(
                ReadyFlows.Form.of(signIn).action(),
                RenderContext.CSRF_FIELD,
                "forged",
                RenderContext.CANCEL_FIELD,
                "x");

        assertThat(forged.status()).as("%s", forged).isEqualTo(403);
        assertThat(forged.header("Location")).isEmpty();
    }

    @Test
    void tokenResponsesAreNotCached() {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        Map<String, String> response = authorize(flows, flows.browser(), request(SPA, SPA_REDIRECT, pkce));
        Reply reply = flows.server
                .post(TestServer.TOKEN)
                .form(
                        "grant_type",
                        "authorization_code",
                        "code",
                        response.get("code"),
                        "redirect_uri",
                        SPA_REDIRECT,
                        "client_id",
                        SPA,
                        "code_verifier",
                        pkce.verifier())
                .send();
        assertNoStore(reply);
        assertJson(reply);
    }

    static String atHash(String accessToken) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
    }
}
