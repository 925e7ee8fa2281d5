package io.authdesign.guides;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/guide-own-handlers.md: {@link OwnHandlers} started and used as its guide says. */
class OwnHandlersGuideTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Javalin app;
    private static String issuer;

    @BeforeAll
    static void start() {
        int port = GuideClient.freePort();
        issuer = "http://127.0.0.1:" + port;
        OpenIdProvider.Pbkdf2Users users = new OpenIdProvider.Pbkdf2Users(
                Map.of("alice", OpenIdProvider.hashPassword("wonderland", new SecureRandom())),
                Map.of("alice", Map.of("name", "Alice Liddell")));
        app = OwnHandlers.start(issuer, port, users);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void codeFlowWhenSignedInThenTokensRefreshedAndUserinfoAnswered() throws Exception {
        try (GuideClient browser = new GuideClient(issuer)) {
            GuideClient.Pkce pkce = GuideClient.Pkce.create();
            HttpResponse<String> signIn = browser.get(authorize(pkce));
            assertThat(signIn.statusCode()).isEqualTo(200);

            HttpResponse<String> wrong = browser.submit(signIn, Map.of("username", "alice", "password", "nope"));
            assertThat(wrong.statusCode()).isEqualTo(401);

            Map<String, String> redirect = GuideClient.redirectQuery(
                    browser.submit(wrong, Map.of("username", "alice", "password", "wonderland")));
            assertThat(redirect).containsEntry("state", "st-1").containsEntry("iss", issuer);

            JsonNode tokens = ok(browser.post("/oauth2/token", codeExchange(redirect.get("code"), pkce.verifier())));
            assertThat(tokens.get("scope").asText()).isEqualTo("openid profile");
            assertThat(tokens.has("id_token")).isTrue();

            HttpResponse<String> reused =
                    browser.post("/oauth2/token", codeExchange(redirect.get("code"), pkce.verifier()));
            assertThat(reused.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(reused.body()).get("error").asText()).isEqualTo("invalid_grant");

            JsonNode refreshed = ok(browser.post(
                    "/oauth2/token", refresh(tokens.get("refresh_token").asText())));
            assertThat(refreshed.get("token_type").asText()).isEqualTo("Bearer");
            assertThat(refreshed.get("expires_in").asInt()).isEqualTo(600);
            assertThat(refreshed.has("refresh_token")).isTrue();

            HttpResponse<String> userinfo = browser.get(
                    "/oauth2/userinfo",
                    "Authorization",
                    "Bearer " + refreshed.get("access_token").asText());
            assertThat(userinfo.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(userinfo.body()).get("name").asText()).isEqualTo("Alice Liddell");

            HttpResponse<String> confused = browser.post(
                    "/oauth2/token", refresh(tokens.get("access_token").asText()));
            assertThat(confused.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(confused.body()).get("error").asText()).isEqualTo("invalid_grant");
        }
    }

    @Test
    void codeWhenRedeemedWithWrongVerifierThenInvalidGrant() throws Exception {
        try (GuideClient browser = new GuideClient(issuer)) {
            GuideClient.Pkce pkce = GuideClient.Pkce.create();
            Map<String, String> redirect = GuideClient.redirectQuery(browser.submit(
                    browser.get(authorize(pkce)), Map.of("username", "alice", "password", "wonderland")));

            HttpResponse<String> token = browser.post(
                    "/oauth2/token",
                    codeExchange(redirect.get("code"), GuideClient.Pkce.create().verifier()));

            assertThat(token.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(token.body()).get("error").asText()).isEqualTo("invalid_grant");
        }
    }

    @Test
    void unknownClientWhenAuthorizingThenErrorPageNeverRedirect() {
        try (GuideClient browser = new GuideClient(issuer)) {
            HttpResponse<String> page = browser.get("/oauth2/authorize?response_type=code&client_id=evil"
                    + "&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&code_challenge_method=S256"
                    + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

            assertThat(page.statusCode()).isEqualTo(400);
            assertThat(page.headers().firstValue("Location")).isEmpty();
        }
    }

    private static String authorize(GuideClient.Pkce pkce) {
        return "/oauth2/authorize?"
                + GuideClient.form(Map.of(
                        "response_type", "code",
                        "client_id", OwnHandlers.CLIENT_ID,
                        "redirect_uri", OwnHandlers.CALLBACK,
                        "scope", "openid profile",
                        "state", "st-1",
                        "nonce", "n-1",
                        "code_challenge", pkce.challenge(),
                        "code_challenge_method", "S256"));
    }

    private static Map<String, String> codeExchange(String code, String verifier) {
        return Map.of(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                OwnHandlers.CALLBACK,
                "client_id",
                OwnHandlers.CLIENT_ID,
                "code_verifier",
                verifier);
    }

    private static Map<String, String> refresh(String refreshToken) {
        return Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", OwnHandlers.CLIENT_ID);
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
