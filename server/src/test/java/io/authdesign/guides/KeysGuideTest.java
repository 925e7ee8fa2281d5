package io.authdesign.guides;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authdesign.jdbc.KeyEncryptionKey;
import io.authdesign.store.ClientSecretHasher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/guide-keys.md: {@link KeysNode} keeps its keys across a restart and publishes a forced rotation. */
class KeysGuideTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void keysWhenNodeRestartedThenOldTokensStillVerifyAndRotationPublishesBeforeSigning() throws Exception {
        SecureRandom random = new SecureRandom();
        KeyEncryptionKey kek = KeyEncryptionKey.generate(random);
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(random);
        int port = GuideClient.freePort();
        String issuer = "http://127.0.0.1:" + port;

        String token;
        String firstKid;
        KeysNode first = KeysNode.start(issuer, port, data, kek, hasher);
        try (GuideClient client = new GuideClient(issuer)) {
            token = token(client);
            firstKid = header(token).get("kid").asText();
            assertThat(header(token).get("alg").asText()).isEqualTo("PS256");
            assertThat(header(token).get("typ").asText()).isEqualTo("at+jwt");
            assertThat(kids(client)).contains(firstKid);
        } finally {
            first.close();
        }

        try (KeysNode node = KeysNode.start(issuer, port, data, kek, hasher);
                GuideClient client = new GuideClient(issuer)) {
            assertThat(client.get("/api/ping", "Authorization", "Bearer " + token)
                            .statusCode())
                    .as("a token signed before the restart")
                    .isEqualTo(200);

            node.rotateNow();

            List<String> kids = kids(client);
            assertThat(kids).contains(firstKid).hasSizeGreaterThan(1);
            assertThat(header(token(client)).get("kid").asText())
                    .as("the new key is published now but signs only after the JWKS max-age")
                    .isEqualTo(firstKid);
        }
    }

    private static String token(GuideClient client) throws Exception {
        HttpResponse<String> response = client.post(
                "/oauth2/token",
                Map.of("grant_type", "client_credentials"),
                "Authorization",
                GuideClient.basic("svc", "svc-secret-0123456789"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private static List<String> kids(GuideClient client) throws Exception {
        HttpResponse<String> jwks = client.get("/oauth2/keys");
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.headers().firstValue("Cache-Control")).contains("public, max-age=300");
        List<String> kids = new ArrayList<>();
        for (JsonNode key : JSON.readTree(jwks.body()).get("keys")) {
            assertThat(key.has("d")).as("no private member is published").isFalse();
            kids.add(key.get("kid").asText());
        }
        return kids;
    }

    private static JsonNode header(String jwt) throws Exception {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8));
    }
}
