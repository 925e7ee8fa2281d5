package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grants} and {@code revoke-grants} on the file storage: a user's consent and refresh token grant
 * made over HTTP are listed; once revoked, the server started again refuses the refresh token and asks
 * for consent again.
 */
class GrantCommandsTest {

    private static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            clients:
              - clientId: web
                clientSecret: web-secret-value
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code, refresh_token]
                scopes: [openid, profile]
                redirectUris: [https://app.example.com/callback]
            users:
              - username: alice
                password: alice-password
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Commands(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        name -> null)
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void grantsThenListedRevokeGrantsThenRefreshRefusedAndConsentAskedAgain() throws Exception {
        int port = Http.freePort();
        Path file = dir.resolve("server.yaml");
        Files.writeString(file, CONFIG.replace("PORT", String.valueOf(port)));
        String base = "http://127.0.0.1:" + port;
        SecureRandom random = new SecureRandom();

        String refreshToken;
        String accessToken;
        ReferenceServer first = ReferenceServer.start(new ConfigLoader(random).load(file), random);
        try {
            Map<String, Object> tokens = signInAndGetTokens(base);
            refreshToken = (String) tokens.get("refresh_token");
            accessToken = (String) tokens.get("access_token");
            assertThat(Http.bearer(base + ReferenceServer.ME, accessToken).statusCode())
                    .isEqualTo(200);
        } finally {
            first.close();
        }

        assertThat(run("grants", "--config", file.toString(), "--user", "alice"))
                .as(err())
                .isZero();
        assertThat(out())
                .contains("User 'alice':")
                .contains("consent  client web  scopes openid profile")
                .containsPattern("grant    \\S+  client web  scopes openid profile  refresh until 20\\d\\d-")
                .doesNotContain(refreshToken);
        assertThat(run("grants", "--config", file.toString(), "--user", "bob")).isZero();
        assertThat(out()).contains("User 'bob' has no consents and no live grants.");
        assertThat(run("revoke-grants", "--config", file.toString(), "--user", "alice", "--client", "other"))
                .isZero();
        assertThat(out()).contains("Revoked 0 grant(s) and 0 consent(s) of user 'alice' for client other");

        assertThat(run("revoke-grants", "--config", file.toString(), "--user", "alice", "--client", "web"))
                .as(err())
                .isZero();

        assertThat(out()).contains("Revoked 1 grant(s) and 1 consent(s) of user 'alice' for client web");
        assertThat(run("grants", "--config", file.toString(), "--user", "alice"))
                .isZero();
        assertThat(out()).contains("User 'alice' has no consents and no live grants.");
        ReferenceServer again = ReferenceServer.start(new ConfigLoader(random).load(file), random);
        try {
            // the revocation list written while the server was down is read at start (RFC 7009 section 2.1)
            HttpResponse<String> me = Http.bearer(base + ReferenceServer.ME, accessToken);
            assertThat(me.statusCode()).isEqualTo(401);
            assertThat(me.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("error=\"invalid_token\"");
            HttpResponse<String> refused = Http.postForm(
                    base + "/oauth2/token",
                    Http.basic("web", "web-secret-value"),
                    Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(Http.json(refused)).containsEntry("error", "invalid_grant");
            Browser browser = new Browser(base);
            HttpResponse<String> page = PagesHttpTest.signIn(
                    browser,
                    PagesHttpTest.authorizeUrl("web", "https://app.example.com/callback"),
                    "alice",
                    "alice-password");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("consent");
        } finally {
            again.close();
        }
    }

    @Test
    void memoryStorageMissingUserOrBadConfigThenTwoAndAClearMessage() throws Exception {
        Path memory = dir.resolve("memory.yaml");
        Files.writeString(memory, CONFIG.replace("PORT", "0") + "storage: {type: memory}\n");

        assertThat(run("grants", "--config", memory.toString(), "--user", "alice"))
                .isEqualTo(2);
        assertThat(err()).contains("Memory storage lives in the running server's process");
        assertThat(run("revoke-grants", "--config", memory.toString())).isEqualTo(2);
        assertThat(err()).contains(GrantCommands.REVOKE_USAGE);
        assertThat(run("grants", "--config", dir.resolve("missing.yaml").toString(), "--user", "alice"))
                .isEqualTo(2);
        assertThat(err()).contains("the file does not exist");
    }

    private static Map<String, Object> signInAndGetTokens(String base) {
        Browser browser = new Browser(base);
        HttpResponse<String> consent = PagesHttpTest.signIn(
                browser,
                PagesHttpTest.authorizeUrl("web", "https://app.example.com/callback"),
                "alice",
                "alice-password");
        Map<String, String> redirect = PagesHttpTest.assertRedirect(
                browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "approve"),
                "https://app.example.com/callback");
        HttpResponse<String> tokens = Http.postForm(
                base + "/oauth2/token",
                Http.basic("web", "web-secret-value"),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        redirect.get("code"),
                        "redirect_uri",
                        "https://app.example.com/callback",
                        "code_verifier",
                        PagesHttpTest.VERIFIER));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return Http.json(tokens);
    }
}
