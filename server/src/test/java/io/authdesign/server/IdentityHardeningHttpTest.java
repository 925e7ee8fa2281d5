package io.authdesign.server;

import static io.authdesign.server.PagesHttpTest.assertPage;
import static io.authdesign.server.PagesHttpTest.assertRedirect;
import static io.authdesign.server.PagesHttpTest.authorizeUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The identity attacks of issue 11 performed against the reference server over HTTP, each refused: PKCE
 * left out by a confidential client (RFC 9700 section 2.1.1).
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
        HttpResponse<String> page =
                new Browser(test.baseUrl()).get(withoutPkce(authorizeUrl("legacy", LEGACY_CALLBACK)));
        assertPage(page, 200);
        assertThat(page.body()).contains("<h1>Sign in</h1>");
    }
}
