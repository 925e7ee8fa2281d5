package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics at {@code GET /metrics} (off by default) and the JSON-lines audit log, after real requests: the
 * counters hold the exact counts, and no audit line holds a token, code, secret or password.
 */
class ObservabilityHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String USER_FLOW = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            clients:
              - clientId: svc
                clientSecret: svc-secret-value
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [read]
              - clientId: web
                clientSecret: web-secret-value
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code, refresh_token]
                scopes: [openid, profile]
                redirectUris: [https://app.example.com/callback]
            users:
              - username: alice
                password: alice-password
            metrics: {enabled: true}
            """;

    @Test
    void metricsOffByDefaultThen404() {
        try (TestServer test = TestServer.start(ClientCredentialsHttpTest.CONFIG)) {
            assertThat(Http.get(test.baseUrl() + "/metrics").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void twoClientCredentialsTokensAndOneBadSecretThenExactCountersInPrometheusText() {
        try (TestServer test = TestServer.start(ClientCredentialsHttpTest.CONFIG + "metrics: {enabled: true}\n")) {
            for (int i = 0; i < 2; i++) {
                assertThat(clientCredentials(test, "basic-only", "basic-secret").statusCode())
                        .isEqualTo(200);
            }
            assertThat(clientCredentials(test, "basic-only", "wrong").statusCode())
                    .isEqualTo(401);

            HttpResponse<String> metrics = Http.get(test.baseUrl() + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("text/plain");
            String text = metrics.body();
            assertThat(sample(
                            text,
                            "authdesign_tokens_issued_total",
                            "grant_type=\"client_credentials\"",
                            "client_id=\"basic-only\""))
                    .isEqualTo(2.0);
            assertThat(sample(
                            text, "authdesign_errors_total", "endpoint=\"/oauth2/token\"", "error=\"invalid_client\""))
                    .isEqualTo(1.0);
            assertThat(sample(
                            text,
                            "authdesign_requests_seconds_count",
                            "endpoint=\"/oauth2/token\"",
                            "method=\"POST\"",
                            "status=\"200\""))
                    .isEqualTo(2.0);
            assertThat(sample(text, "authdesign_key_rotations_total")).isEqualTo(1.0);
            assertThat(text).doesNotContain("basic-secret");
        }
    }

    @Test
    void signInConsentCodeRefreshReuseAndRevocationThenCountedAndAuditedWithoutSecrets(@TempDir Path dir)
            throws IOException {
        Path audit = dir.resolve("audit.jsonl");
        String config = USER_FLOW + "audit: {enabled: true, file: " + audit + "}\n";
        try (TestServer test = TestServer.start(config)) {
            Browser browser = new Browser(test.baseUrl());
            String authorize = PagesHttpTest.authorizeUrl("web", "https://app.example.com/callback");
            HttpResponse<String> refused = PagesHttpTest.signIn(browser, authorize, "alice", "not-her-password");
            assertThat(refused.statusCode()).isEqualTo(401);
            HttpResponse<String> consent = PagesHttpTest.signIn(browser, authorize, "alice", "alice-password");
            Map<String, String> redirect = PagesHttpTest.assertRedirect(
                    browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "approve"),
                    "https://app.example.com/callback");
            String code = redirect.get("code");
            HttpResponse<String> tokens = Http.postForm(
                    test.tokenUrl(),
                    Http.basic("web", "web-secret-value"),
                    Map.of(
                            "grant_type",
                            "authorization_code",
                            "code",
                            code,
                            "redirect_uri",
                            "https://app.example.com/callback",
                            "code_verifier",
                            PagesHttpTest.VERIFIER));
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            String refreshToken = (String) Http.json(tokens).get("refresh_token");
            String accessToken = (String) Http.json(tokens).get("access_token");
            Map<String, String> refresh = Map.of("grant_type", "refresh_token", "refresh_token", refreshToken);
            HttpResponse<String> rotated =
                    Http.postForm(test.tokenUrl(), Http.basic("web", "web-secret-value"), refresh);
            assertThat(rotated.statusCode()).isEqualTo(200);
            HttpResponse<String> reused =
                    Http.postForm(test.tokenUrl(), Http.basic("web", "web-secret-value"), refresh);
            assertThat(reused.statusCode()).isEqualTo(400);
            String serviceToken = (String) Http.json(clientCredentials(test, "svc", "svc-secret-value"))
                    .get("access_token");
            HttpResponse<String> revoked = Http.postForm(
                    test.baseUrl() + "/oauth2/revoke",
                    Http.basic("svc", "svc-secret-value"),
                    Map.of("token", serviceToken));
            assertThat(revoked.statusCode()).isEqualTo(200);

            String text = Http.get(test.baseUrl() + "/metrics").body();
            assertThat(sample(text, "authdesign_sign_ins_total", "outcome=\"success\""))
                    .isEqualTo(1.0);
            assertThat(sample(text, "authdesign_sign_ins_total", "outcome=\"failure\""))
                    .isEqualTo(1.0);
            assertThat(sample(text, "authdesign_consents_granted_total", "client_id=\"web\""))
                    .isEqualTo(1.0);
            assertThat(sample(
                            text,
                            "authdesign_tokens_issued_total",
                            "grant_type=\"authorization_code\"",
                            "client_id=\"web\""))
                    .isEqualTo(1.0);
            assertThat(sample(
                            text,
                            "authdesign_tokens_issued_total",
                            "grant_type=\"refresh_token\"",
                            "client_id=\"web\""))
                    .isEqualTo(1.0);
            assertThat(sample(text, "authdesign_refresh_reuse_detected_total", "client_id=\"web\""))
                    .isEqualTo(1.0);
            assertThat(sample(text, "authdesign_revocations_total", "kind=\"token\""))
                    .isEqualTo(1.0);

            String log = Files.readString(audit);
            List<Map<String, Object>> lines =
                    log.lines().map(ObservabilityHttpTest::parse).toList();
            assertThat(lines).allSatisfy(line -> assertThat(line).containsKeys("time", "event"));
            assertThat(lines)
                    .extracting(line -> line.get("event"))
                    .containsSubsequence(
                            "sign_in_failed",
                            "sign_in_succeeded",
                            "consent_granted",
                            "token_issued",
                            "token_issued",
                            "refresh_reuse_detected",
                            "token_revoked");
            assertThat(lines)
                    .filteredOn(line -> line.get("event").equals("sign_in_succeeded"))
                    .singleElement()
                    .satisfies(line -> assertThat(line).containsKey("subject").containsKey("address"));
            assertThat(lines)
                    .filteredOn(line -> line.get("event").equals("consent_granted"))
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .containsEntry("client_id", "web")
                            .containsEntry("scope", "openid profile"));
            assertThat(lines)
                    .filteredOn(line -> line.get("event").equals("token_issued"))
                    .extracting(line -> line.get("grant_type"))
                    .containsExactly("authorization_code", "refresh_token", "client_credentials");
            for (String secret : List.of(
                    "alice-password",
                    "not-her-password",
                    "web-secret-value",
                    code,
                    refreshToken,
                    accessToken,
                    serviceToken,
                    "svc-secret-value",
                    PagesHttpTest.VERIFIER)) {
                assertThat(log).doesNotContain(secret);
            }
        }
    }

    private static HttpResponse<String> clientCredentials(TestServer test, String clientId, String secret) {
        return Http.postForm(test.tokenUrl(), Http.basic(clientId, secret), Map.of("grant_type", "client_credentials"));
    }

    private static Map<String, Object> parse(String line) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.readValue(line, Map.class);
            return map;
        } catch (IOException e) {
            throw new AssertionError("Not a JSON line: " + line, e);
        }
    }

    /** The value of the one sample of the metric whose labels include all the given ones. */
    private static double sample(String text, String metric, String... labels) {
        Pattern pattern =
                Pattern.compile("^" + Pattern.quote(metric) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Matcher matcher = pattern.matcher(text);
        List<Double> values = new java.util.ArrayList<>();
        while (matcher.find()) {
            String found = matcher.group(1) == null ? "" : matcher.group(1);
            if (List.of(labels).stream().allMatch(found::contains)) {
                values.add(Double.parseDouble(matcher.group(2)));
            }
        }
        assertThat(values).as(metric + " " + List.of(labels) + " in\n" + text).hasSize(1);
        return values.get(0);
    }
}
