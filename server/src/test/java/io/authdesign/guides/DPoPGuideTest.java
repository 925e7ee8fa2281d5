package io.authdesign.guides;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/guide-dpop.md: {@link DPoPServer} and {@link DPoPClient} as the guide shows them. */
class DPoPGuideTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "mobile-backend-secret-0123456789";

    private static Javalin app;
    private static String issuer;

    @BeforeAll
    static void start() {
        int port = GuideClient.freePort();
        issuer = "http://127.0.0.1:" + port;
        byte[] nonceSecret = new byte[32];
        new SecureRandom().nextBytes(nonceSecret);
        app = DPoPServer.start(issuer, port, SECRET, nonceSecret);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void clientWhenProvingItsKeyThenBoundTokenOpensTheRouteAndNothingElseDoes() throws Exception {
        DPoPClient client = new DPoPClient();
        String basic = GuideClient.basic("mobile-backend", SECRET);

        HttpResponse<String> token =
                client.token(URI.create(issuer + "/oauth2/token"), basic, "grant_type=client_credentials");

        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(token.body());
        assertThat(body.get("token_type").asText()).isEqualTo("DPoP");
        String accessToken = body.get("access_token").asText();
        JsonNode claims = JSON.readTree(
                new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8));
        assertThat(claims.get("cnf").get("jkt").asText()).isEqualTo(client.thumbprint());

        HttpResponse<String> paid = client.post(URI.create(issuer + "/api/payments"), accessToken);
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        assertThat(paid.body()).isEqualTo("paid by mobile-backend");

        HttpResponse<String> stolen = new DPoPClient().post(URI.create(issuer + "/api/payments"), accessToken);
        assertThat(stolen.statusCode()).isEqualTo(401);
        assertThat(stolen.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v)
                        .startsWith("DPoP error=\"invalid_token\"")
                        .contains("not bound to the DPoP proof's key"));

        try (GuideClient plain = new GuideClient(issuer)) {
            HttpResponse<String> asBearer =
                    plain.post("/api/payments", Map.of(), "Authorization", "Bearer " + accessToken);
            assertThat(asBearer.statusCode()).isEqualTo(401);
            HttpResponse<String> noProof =
                    plain.post("/oauth2/token", Map.of("grant_type", "client_credentials"), "Authorization", basic);
            assertThat(noProof.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(noProof.body()).get("error").asText()).isEqualTo("invalid_dpop_proof");
        }
    }
}
