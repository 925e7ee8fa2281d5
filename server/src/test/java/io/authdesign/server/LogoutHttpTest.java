package io.authdesign.server;

import static io.authdesign.server.PagesHttpTest.VERIFIER;
import static io.authdesign.server.PagesHttpTest.assertPage;
import static io.authdesign.server.PagesHttpTest.assertRedirect;
import static io.authdesign.server.PagesHttpTest.authorizeUrl;
import static io.authdesign.server.PagesHttpTest.encode;
import static io.authdesign.server.PagesHttpTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect RP-Initiated Logout 1.0 at the reference server: the end-session endpoint advertised,
 * the user asked to confirm, the session ended and the browser sent to a registered post-logout redirect
 * URI with its state; forged hints, unregistered URIs and forged confirmations refused without a
 * redirect and without ending the session.
 */
class LogoutHttpTest {

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            clients:
              - clientId: rp
                clientSecret: rp-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid]
                redirectUris: [https://rp.example.com/cb]
                postLogoutRedirectUris: [https://rp.example.com/bye]
              - clientId: other
                clientSecret: other-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid]
                redirectUris: [https://other.example.com/cb]
                postLogoutRedirectUris: [https://other.example.com/bye]
            users:
              - username: alice
                password: alice-password
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

    /** Signs alice in with a new browser and answers the ID token the rp client got. */
    static String signInAndGetIdToken(Browser browser) {
        HttpResponse<String> consent = signIn(
                browser, authorizeUrl("rp", "https://rp.example.com/cb", "scope", "openid"), "alice", "alice-password");
        // consent is remembered after the first test: then the sign-in itself redirects with the code
        HttpResponse<String> redirect = consent.statusCode() == 302
                ? consent
                : browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "approve");
        Map<String, String> code = assertRedirect(redirect, "https://rp.example.com/cb");
        HttpResponse<String> token = Http.postForm(
                test.tokenUrl(),
                Http.basic("rp", "rp-secret"),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code.get("code"),
                        "redirect_uri",
                        "https://rp.example.com/cb",
                        "code_verifier",
                        VERIFIER));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return (String) Http.json(token).get("id_token");
    }

    static String logoutUrl(String idToken, String redirectUri, String state) {
        return "/oauth2/logout?id_token_hint=" + encode(idToken) + "&post_logout_redirect_uri=" + encode(redirectUri)
                + "&state=" + encode(state);
    }

    /** Whether the browser's session still signs it in: a code at once, or the sign-in page. */
    static boolean stillSignedIn(Browser browser) {
        HttpResponse<String> again = browser.get(authorizeUrl("rp", "https://rp.example.com/cb", "scope", "openid"));
        return again.statusCode() == 302;
    }

    @Test
    void discoveryThenAdvertisesTheEndSessionEndpoint() {
        assertThat(Http.json(Http.get(test.baseUrl() + "/.well-known/openid-configuration")))
                .containsEntry("end_session_endpoint", test.issuer() + "/oauth2/logout");
    }

    @Test
    void confirmedLogoutThenSessionEndedAndRedirectedWithState() {
        Browser browser = new Browser(test.baseUrl());
        String idToken = signInAndGetIdToken(browser);
        assertThat(stillSignedIn(browser)).isTrue();

        HttpResponse<String> confirm = browser.get(logoutUrl(idToken, "https://rp.example.com/bye", "s-1"));
        assertPage(confirm, 200);
        assertThat(confirm.body()).contains("Sign out?");
        assertThat(stillSignedIn(browser)).as("a GET alone signs nobody out").isTrue();

        HttpResponse<String> done = browser.post(
                Browser.action(confirm),
                "csrf_token",
                Browser.csrf(confirm),
                "client_id",
                "rp",
                "post_logout_redirect_uri",
                "https://rp.example.com/bye",
                "state",
                "s-1",
                "logout",
                "yes");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location")).hasValue("https://rp.example.com/bye?state=s-1");
        assertThat(stillSignedIn(browser)).isFalse();
    }

    @Test
    void forgedConfirmationThenRefusedAndSessionKept() {
        Browser browser = new Browser(test.baseUrl());
        String idToken = signInAndGetIdToken(browser);
        HttpResponse<String> confirm = browser.get(logoutUrl(idToken, "https://rp.example.com/bye", "s"));
        assertPage(confirm, 200);

        HttpResponse<String> forged = browser.post("/oauth2/logout", "csrf_token", "forged", "logout", "yes");
        assertPage(forged, 403);
        assertThat(stillSignedIn(browser)).isTrue();
    }

    @Test
    void unregisteredOrForeignRedirectUriThenErrorPageNeverARedirect() {
        Browser browser = new Browser(test.baseUrl());
        String idToken = signInAndGetIdToken(browser);

        HttpResponse<String> evil = browser.get(logoutUrl(idToken, "https://evil.example.com/", "s"));
        assertPage(evil, 400);
        assertThat(evil.body()).contains("not registered");
        // another client's registered URI, with this client's hint
        HttpResponse<String> foreign = browser.get(logoutUrl(idToken, "https://other.example.com/bye", "s"));
        assertPage(foreign, 400);
        // a redirect URI without any client to check it against
        HttpResponse<String> noClient =
                browser.get("/oauth2/logout?post_logout_redirect_uri=" + encode("https://rp.example.com/bye"));
        assertPage(noClient, 400);
        assertThat(noClient.body()).contains("needs an id_token_hint (or client_id) naming its client");
        // client_id naming another client than the hint's audience
        HttpResponse<String> mismatch = browser.get("/oauth2/logout?client_id=other&id_token_hint=" + encode(idToken)
                + "&post_logout_redirect_uri=" + encode("https://other.example.com/bye"));
        assertPage(mismatch, 400);
        assertThat(stillSignedIn(browser)).isTrue();
    }

    @Test
    void forgedIdTokenHintThenRefused() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker").build(),
                new JWTClaimsSet.Builder()
                        .issuer(test.issuer())
                        .subject("alice")
                        .audience("rp")
                        .expirationTime(new Date(System.currentTimeMillis() + 60_000))
                        .build());
        forged.sign(new RSASSASigner(attacker));

        HttpResponse<String> refused =
                new Browser(test.baseUrl()).get(logoutUrl(forged.serialize(), "https://rp.example.com/bye", "s"));
        assertPage(refused, 400);
        assertThat(refused.body()).contains("id_token_hint");
    }

    @Test
    void noSessionThenRedirectedAtOnceAndPlainLogoutShowsSignedOut() {
        Browser browser = new Browser(test.baseUrl());
        String idToken = signInAndGetIdToken(browser);

        HttpResponse<String> noSession =
                new Browser(test.baseUrl()).get(logoutUrl(idToken, "https://rp.example.com/bye", "x y"));
        assertThat(noSession.statusCode()).isEqualTo(302);
        assertThat(noSession.headers().firstValue("Location")).hasValue("https://rp.example.com/bye?state=x+y");

        HttpResponse<String> plain = new Browser(test.baseUrl()).get("/oauth2/logout");
        assertPage(plain, 200);
        assertThat(plain.body()).contains("You are signed out.");
    }
}
