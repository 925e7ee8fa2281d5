package io.authdesign.guides;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authdesign.jdbc.KeyEncryptionKey;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/guide-scale-out.md: two {@link ScaleOutNode}s on the machine's PostgreSQL (a schema of their own) and
 * Redis behave as one server.
 */
class ScaleOutGuideTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POSTGRESQL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String CALLBACK = "http://127.0.0.1:8080/callback";

    private final SecureRandom random = new SecureRandom();
    private String schema;

    @BeforeEach
    void createSchema() throws Exception {
        schema = "guide_" + HexFormat.of().formatHex(random.generateSeed(6));
        sql("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() throws Exception {
        sql("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    @SuppressWarnings("try") // the nodes are closed, never referenced in the body: clients reach them over HTTP
    void twoNodesWhenSharingStoresThenCodeSessionKeysAndRefreshReuseSpanBoth() throws Exception {
        byte[] clientSecretKey = new byte[32];
        random.nextBytes(clientSecretKey);
        int portA = GuideClient.freePort();
        int portB = GuideClient.freePort();
        String issuer = "http://127.0.0.1:" + portA; // in production: the load balancer's URL
        ScaleOutNode.Shared shared = new ScaleOutNode.Shared(
                issuer,
                POSTGRESQL + "?currentSchema=" + schema,
                "postgres",
                "",
                "redis://127.0.0.1:6379",
                KeyEncryptionKey.generate(random),
                clientSecretKey);
        OpenIdProvider.Pbkdf2Users users = new OpenIdProvider.Pbkdf2Users(
                Map.of("alice", OpenIdProvider.hashPassword("wonderland", random)), Map.of("alice", Map.of()));

        try (ScaleOutNode a = ScaleOutNode.start(shared, portA, users);
                ScaleOutNode b = ScaleOutNode.start(shared, portB, users);
                GuideClient browserAtA = new GuideClient("http://127.0.0.1:" + portA);
                GuideClient atB = new GuideClient("http://127.0.0.1:" + portB)) {
            GuideClient.Pkce pkce = GuideClient.Pkce.create();
            HttpResponse<String> consent = browserAtA.submit(
                    browserAtA.get(authorize(pkce)), Map.of("username", "alice", "password", "wonderland"));
            Map<String, String> redirect =
                    GuideClient.redirectQuery(browserAtA.submit(consent, Map.of("consent", "approve")));

            JsonNode tokens = ok(atB.post( // the code issued by A is redeemed at B
                    "/oauth2/token",
                    Map.of(
                            "grant_type",
                            "authorization_code",
                            "code",
                            redirect.get("code"),
                            "redirect_uri",
                            CALLBACK,
                            "client_id",
                            "spa",
                            "code_verifier",
                            pkce.verifier())));
            String accessToken = tokens.get("access_token").asText();
            String firstRefresh = tokens.get("refresh_token").asText();
            HttpResponse<String> me = browserAtA.get("/api/me", "Authorization", "Bearer " + accessToken);
            assertThat(me.statusCode())
                    .as("B's token verifies at A: the keys are shared")
                    .isEqualTo(200);
            assertThat(me.body()).isEqualTo("alice");

            JsonNode rotated = ok(browserAtA.post("/oauth2/token", refresh(firstRefresh)));
            HttpResponse<String> reused = atB.post("/oauth2/token", refresh(firstRefresh));
            assertThat(reused.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(reused.body()).get("error").asText()).isEqualTo("invalid_grant");

            HttpResponse<String> familyRevoked = browserAtA.post(
                    "/oauth2/token", refresh(rotated.get("refresh_token").asText()));
            assertThat(familyRevoked.statusCode())
                    .as("the reuse at B revoked the family A rotated")
                    .isEqualTo(400);
            HttpResponse<String> revokedAccess = atB.get(
                    "/api/me",
                    "Authorization",
                    "Bearer " + rotated.get("access_token").asText());
            assertThat(revokedAccess.statusCode())
                    .as("and the grant's access tokens, on every node")
                    .isEqualTo(401);
        }
    }

    private static String authorize(GuideClient.Pkce pkce) {
        return "/oauth2/authorize?"
                + GuideClient.form(Map.of(
                        "response_type", "code",
                        "client_id", "spa",
                        "redirect_uri", CALLBACK,
                        "scope", "openid profile",
                        "state", "st",
                        "code_challenge", pkce.challenge(),
                        "code_challenge_method", "S256"));
    }

    private static Map<String, String> refresh(String refreshToken) {
        return Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", "spa");
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void sql(String statement) throws Exception {
        try (Connection connection = DriverManager.getConnection(POSTGRESQL, "postgres", null);
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
