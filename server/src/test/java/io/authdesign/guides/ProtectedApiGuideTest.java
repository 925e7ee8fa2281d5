package io.authdesign.guides;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/guide-protecting-routes.md, Javalin: {@link ProtectedApi} started and called as its guide says. */
class ProtectedApiGuideTest {

    private static Javalin app;
    private static String issuer;

    @BeforeAll
    static void start() {
        int port = GuideClient.freePort();
        issuer = "http://127.0.0.1:" + port;
        app = ProtectedApi.start(issuer, port, "orders-secret-0123456789");
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void protectedRouteWhenTokenHasScopeThenAnsweredElseRefusedPerRfc6750() throws Exception {
        try (GuideClient client = new GuideClient(issuer)) {
            String readToken = token(client, "orders:read");

            HttpResponse<String> none = client.get("/api/orders");
            HttpResponse<String> read = client.get("/api/orders", "Authorization", "Bearer " + readToken);
            HttpResponse<String> write = client.post("/api/orders", Map.of(), "Authorization", "Bearer " + readToken);
            HttpResponse<String> forged = client.get(
                    "/api/orders",
                    "Authorization",
                    "Bearer " + readToken.substring(0, readToken.length() - 4) + "AAAA");
            HttpResponse<String> open = client.get("/api/health");

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).isEqualTo("orders of orders-client [orders:read]");
            assertThat(write.statusCode()).isEqualTo(403);
            assertThat(write.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).contains("error=\"insufficient_scope\""));
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(forged.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\""));
            assertThat(open.statusCode()).isEqualTo(200);

            String writeToken = token(client, "orders:write");
            assertThat(client.post("/api/orders", Map.of(), "Authorization", "Bearer " + writeToken)
                            .statusCode())
                    .isEqualTo(201);
        }
    }

    private static String token(GuideClient client, String scope) throws Exception {
        HttpResponse<String> response = client.post(
                "/oauth2/token",
                Map.of("grant_type", "client_credentials", "scope", scope),
                "Authorization",
                GuideClient.basic("orders-client", "orders-secret-0123456789"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).get("access_token").asText();
    }
}
