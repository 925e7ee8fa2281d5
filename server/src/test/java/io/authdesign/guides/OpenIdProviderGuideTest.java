package io.authdesign.guides;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/guide-openid-provider.md: {@link OpenIdProvider} started and used as its guide says. */
class OpenIdProviderGuideTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPA_CALLBACK = "http://127.0.0.1:8080/callback";

    private static Javalin app;
    private static String issuer;

    @BeforeAll
    static void start() {
        int port = GuideClient.freePort();
        issuer = "http://127.0.0.1:" + port;
        app = OpenIdProvider.start(issuer, port, "web-app-secret-change-me");
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void discoveryWhenReadThenAdvertisesNoneForPublicClients() throws Exception {
        try (GuideClient client = new GuideClient(issuer)) {
            HttpResponse<String> response = client.get("/.well-known/openid-configuration");

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode metadata = JSON.readTree(response.body());
            assertThat(metadata.get("issuer").asText()).isEqualTo(issuer);
            assertThat(metadata.get("token_endpoint_auth_methods_supported").toString())
                    .contains("\"none\"", "\"client_secret_basic\"");
            assertThat(metadata.get("grant_types_supported").toString())
                    .contains("authorization_code", "refresh_token", "client_credentials");
        }
    }

    @Test
    void publicClientWhenSignedInAndApprovedThenCodeRedeemedWithPkceForTokensAndUserinfo() throws Exception {
        try (GuideClient browser = new GuideClient(issuer)) {
            GuideClient.Pkce pkce = GuideClient.Pkce.create();
            HttpResponse<String> signIn = browser.get("/oauth2/authorize?"
                    + GuideClient.form(Map.of(
                            "response_type", "code",
                            "client_id", "spa",
                            "redirect_uri", SPA_CALLBACK,
                            "scope", "openid profile",
                            "state", "st-1",
                            "nonce", "n-1",
                            "code_challenge", pkce.challenge(),
                            "code_challenge_method", "S256")));
            assertThat(signIn.statusCode()).isEqualTo(200);
            assertThat(signIn.body()).contains("name=\"password\"");

            HttpResponse<String> consent =
                    browser.submit(signIn, Map.of("username", "alice", "password", "wonderland"));
            assertThat(consent.statusCode()).isEqualTo(200);
            assertThat(consent.body()).contains("value=\"approve\"");

            Map<String, String> redirect =
                    GuideClient.redirectQuery(browser.submit(consent, Map.of("consent", "approve")));
            assertThat(redirect).containsEntry("state", "st-1").containsEntry("iss", issuer);

            HttpResponse<String> token = browser.post(
                    "/oauth2/token",
                    Map.of(
                            "grant_type",
                            "authorization_code",
                            "code",
                            redirect.get("code"),
                            "redirect_uri",
                            SPA_CALLBACK,
                            "client_id",
                            "spa",
                            "code_verifier",
                            pkce.verifier()));
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            JsonNode tokens = JSON.readTree(token.body());
            assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
            assertThat(tokens.has("id_token")).isTrue();
            assertThat(tokens.has("refresh_token")).isTrue();

            HttpResponse<String> userinfo = browser.get(
                    "/oauth2/userinfo",
                    "Authorization",
                    "Bearer " + tokens.get("access_token").asText());
            assertThat(userinfo.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(userinfo.body()).get("name").asText()).isEqualTo("Alice Liddell");
        }
    }

    @Test
    void publicClientWhenRedeemingWithoutVerifierThenInvalidGrant() throws Exception {
        try (GuideClient client = new GuideClient(issuer)) {
            HttpResponse<String> token = client.post(
                    "/oauth2/token",
                    Map.of(
                            "grant_type", "authorization_code",
                            "code", "not-a-code",
                            "redirect_uri", SPA_CALLBACK,
                            "client_id", "spa"));

            assertThat(token.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(token.body()).get("error").asText()).isEqualTo("invalid_grant");
        }
    }

    @Test
    void clientSecretWhenGivenThePlaintextInsteadOfTheHashThenNeverMatches() {
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(new SecureRandom());
        Instant now = Instant.now();

        assertThat(hasher.matches("s3cret-0123456789", List.of(ClientSecret.of("s3cret-0123456789")), now))
                .isFalse();
        assertThat(hasher.matches("s3cret-0123456789", List.of(ClientSecret.of(hasher.hash("s3cret-0123456789"))), now))
                .isTrue();
    }

    @Test
    void serviceWhenRightSecretThenTokenElseInvalidClient() throws Exception {
        try (GuideClient client = new GuideClient(issuer)) {
            Map<String, String> form = Map.of("grant_type", "client_credentials", "scope", "reports:read");

            HttpResponse<String> ok = client.post(
                    "/oauth2/token", form, "Authorization", GuideClient.basic("reports", "reports-secret-change-me"));
            HttpResponse<String> bad =
                    client.post("/oauth2/token", form, "Authorization", GuideClient.basic("reports", "wrong"));

            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(JSON.readTree(ok.body()).get("scope").asText()).isEqualTo("reports:read");
            assertThat(bad.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(bad.body()).get("error").asText()).isEqualTo("invalid_client");
        }
    }
}
