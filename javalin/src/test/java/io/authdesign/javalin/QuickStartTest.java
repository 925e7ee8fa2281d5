package io.authdesign.javalin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.ClientSecretBasic;
import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The README's quick start, compiled and run; the README must show exactly this code. */
class QuickStartTest {

    static Javalin quickStart(int port, String expectedSecret) {
        // quick-start:begin
        OAuth2ClientCredentials design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer("http://localhost:8080")
                .setTokenTTL(600)
                .addClientAuthenticationMethod(new ClientSecretBasic())
                .tokenRoute(route -> route.generateToken((ctx, request) -> {
                    byte[] presented = ctx.clientSecret().orElse("").getBytes(UTF_8);
                    if (!ctx.clientId().equals("my-service")
                            || !MessageDigest.isEqual(presented, expectedSecret.getBytes(UTF_8))) {
                        return OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, "Client authentication failed");
                    }
                    return new OAuth2TokenResponse(UUID.randomUUID().toString())
                            .setExpiresIn(ctx.ttl())
                            .setScope(ctx.scope().orElse("read"));
                }))
                .build();

        Javalin app = Javalin.create(config -> config.registerPlugin(new AuthDesignPlugin(design)))
                .start(port);
        // quick-start:end
        return app;
    }

    @Test
    void quickStartWhenRightSecretThenTokenElseInvalidClient() throws Exception {
        Javalin app = quickStart(0, "s3cret");
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI token = URI.create("http://127.0.0.1:" + app.port() + "/oauth2/token");

            HttpResponse<String> ok = http.send(tokenRequest(token, "s3cret"), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> bad = http.send(tokenRequest(token, "nope"), HttpResponse.BodyHandlers.ofString());

            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body())
                    .matches("\\{\"access_token\":\"[0-9a-f-]{36}\",\"token_type\":\"Bearer\","
                            + "\"expires_in\":600,\"scope\":\"read\"}");
            assertThat(bad.statusCode()).isEqualTo(401);
            assertThat(bad.body()).contains("\"error\":\"invalid_client\"");
        } finally {
            app.stop();
        }
    }

    private static HttpRequest tokenRequest(URI token, String secret) {
        String basic = Base64.getEncoder().encodeToString(("my-service:" + secret).getBytes(UTF_8));
        return HttpRequest.newBuilder(token)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
    }

    @Test
    void readmeShowsTheQuickStartVerbatim() throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/test/java/io/authdesign/javalin/QuickStartTest.java"));
        List<String> region = dedent(source.subList(
                source.indexOf("        // quick-start:begin") + 1, source.indexOf("        // quick-start:end")));
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("<!-- quick-start -->");
        assertThat(start).as("README marker <!-- quick-start -->").isNotNegative();
        int codeStart = readme.indexOf("```java\n", start) + "```java\n".length();
        int codeEnd = readme.indexOf("```", codeStart);
        List<String> shown = Arrays.asList(readme.substring(codeStart, codeEnd).split("\n"));

        assertThat(shown).containsSubsequence(region);
        List<String> shownImports =
                shown.stream().filter(line -> line.startsWith("import ")).toList();
        assertThat(shownImports).as("the README shows the snippet's imports").isNotEmpty();
        for (String line : shownImports) {
            String imported = line.substring(line.lastIndexOf(' ') + 1, line.length() - 1);
            boolean samePackage = imported.startsWith("io.authdesign.javalin.")
                    && Files.exists(Path.of("src/main/java/" + imported.replace('.', '/') + ".java"));
            assertThat(samePackage || source.contains(line))
                    .as("README import '%s' is one this test compiles with", line)
                    .isTrue();
        }
    }

    private static List<String> dedent(List<String> lines) {
        return lines.stream()
                .map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                .toList();
    }
}
