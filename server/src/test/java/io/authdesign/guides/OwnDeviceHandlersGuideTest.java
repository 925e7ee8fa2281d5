package io.authdesign.guides;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/guide-own-handlers.md, the device flow: {@link OwnDeviceHandlers} polled as RFC 8628 says. */
class OwnDeviceHandlersGuideTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "tv-secret-0123456789";
    private static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private static OwnDeviceHandlers server;
    private static String issuer;

    @BeforeAll
    static void start() {
        int port = GuideClient.freePort();
        issuer = "http://127.0.0.1:" + port;
        server = new OwnDeviceHandlers(issuer, port, SECRET);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void deviceWhenPolledThenPendingSlowDownAndTokenOnceApproved() throws Exception {
        try (GuideClient tv = new GuideClient(issuer)) {
            HttpResponse<String> codes = tv.post(
                    "/oauth2/devicecode", Map.of("scope", "tv"), "Authorization", GuideClient.basic("tv", SECRET));
            assertThat(codes.statusCode()).as(codes.body()).isEqualTo(200);
            JsonNode device = JSON.readTree(codes.body());
            assertThat(device.get("user_code").asText()).matches("[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}");
            assertThat(device.get("verification_uri").asText()).isEqualTo(issuer + "/activate");
            assertThat(device.get("interval").asInt()).isEqualTo(5);
            Map<String, String> poll = Map.of(
                    "grant_type",
                    GRANT,
                    "device_code",
                    device.get("device_code").asText());

            assertThat(error(tv.post("/oauth2/token", poll, "Authorization", GuideClient.basic("tv", SECRET))))
                    .isEqualTo("authorization_pending");
            assertThat(error(tv.post("/oauth2/token", poll, "Authorization", GuideClient.basic("tv", SECRET))))
                    .isEqualTo("slow_down");

            assertThat(server.approve(device.get("user_code").asText(), "alice"))
                    .isTrue();
            HttpResponse<String> token =
                    tv.post("/oauth2/token", poll, "Authorization", GuideClient.basic("tv", SECRET));
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            assertThat(JSON.readTree(token.body()).get("scope").asText()).isEqualTo("tv");

            assertThat(error(tv.post("/oauth2/token", poll, "Authorization", GuideClient.basic("tv", SECRET))))
                    .as("redeemed once")
                    .isEqualTo("invalid_grant");
        }
    }

    @Test
    void deviceAuthorizationWhenWrongSecretThenInvalidClient() {
        try (GuideClient tv = new GuideClient(issuer)) {
            HttpResponse<String> codes =
                    tv.post("/oauth2/devicecode", Map.of(), "Authorization", GuideClient.basic("tv", "wrong"));

            assertThat(codes.statusCode()).isEqualTo(401);
            assertThat(codes.body()).contains("\"error\":\"invalid_client\"");
        }
    }

    private static String error(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return JSON.readTree(response.body()).get("error").asText();
    }
}
