package io.authdesign.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as the README starts it: {@code java -jar authdesign-spring-boot-sample.jar
 * --spring.config.additional-location=file:my.yml}, in a process of its own.
 */
class SampleJarIT {

    static final Path JAR = Path.of("target/authdesign-spring-boot-sample.jar");

    @Test
    void javaMinusJarWithAConfigFileThenServesDiscoveryTokensAndApiMe(@TempDir Path directory) throws Exception {
        int port = SampleServer.freePort();
        String base = "http://127.0.0.1:" + port;
        Path config = directory.resolve("my.yml");
        Files.writeString(config, """
                authdesign:
                  issuer: BASE
                  port: PORT
                  storage: {type: memory}
                  clients:
                    - clientId: svc
                      clientSecret: change-me
                      authMethods: [client_secret_basic]
                      grantTypes: [client_credentials]
                      scopes: [read]
                """.replace("BASE", base).replace("PORT", Integer.toString(port)));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java, "-jar", JAR.toString(), "--spring.config.additional-location=file:" + config)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("out.log").toFile())
                .start();
        try {
            HttpResponse<String> discovery = waitForDiscovery(base, process, directory.resolve("out.log"));
            assertThat(discovery.body()).contains("\"issuer\":\"" + base + "\"");

            String basic = Base64.getEncoder().encodeToString("svc:change-me".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> token = SampleServer.HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                            .header("Authorization", "Basic " + basic)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=read"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).isEqualTo(200);
            Matcher accessToken =
                    Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(token.body());
            assertThat(accessToken.find()).isTrue();

            HttpResponse<String> me = SampleServer.HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/me"))
                            .header("Authorization", "Bearer " + accessToken.group(1))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).isEqualTo("{\"sub\":\"svc\",\"client_id\":\"svc\",\"scope\":\"read\"}");
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static HttpResponse<String> waitForDiscovery(String base, Process process, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive())
                    .as(() -> "the jar exited:\n" + read(log))
                    .isTrue();
            try {
                HttpResponse<String> response = SampleServer.HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the jar did not start in 60 s:\n" + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
