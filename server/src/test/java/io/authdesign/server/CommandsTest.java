package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator commands of the server jar: each prints a clear result and exits non-zero on error; key
 * rotation on demand in shared storage, or through a running server's administration route.
 */
class CommandsTest {

    static final String ADMIN_SECRET = "admin-secret-0123456789";

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            clients:
              - clientId: ops
                clientSecret: admin-secret-0123456789
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [authdesign:admin]
              - clientId: svc
                clientSecret: svc-secret-0123456789
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [read]
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> environment, String... args) {
        return new Commands(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        environment::get)
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String yaml) throws Exception {
        Path file = dir.resolve("server.yaml");
        Files.writeString(file, yaml.replace("PORT", String.valueOf(Http.freePort())));
        return file;
    }

    private static List<?> keys(String issuer) {
        return (List<?>) Http.json(Http.get(issuer + "/oauth2/keys")).get("keys");
    }

    @Test
    void checkWhenValidThenZeroAndSummary() throws Exception {
        Path file = file(CONFIG);

        assertThat(run(Map.of(), "check", "--config", file.toString())).isZero();

        assertThat(out()).startsWith("Configuration OK: " + file).contains("2 clients", "storage file");
        assertThat(out() + err()).doesNotContain(ADMIN_SECRET);
    }

    @Test
    void checkWhenInvalidThenTwoAndTheKeyAtFault() throws Exception {
        Path file = file(CONFIG.replace("client_secret_basic]", "client_secret_magic]"));

        assertThat(run(Map.of(), "check", "--config", file.toString())).isEqualTo(2);

        assertThat(err()).contains("clients[0].authMethods[0]");
        assertThat(out()).isEmpty();
    }

    @Test
    void wrongArgumentsThenTwoAndUsage() {
        assertThat(run(Map.of(), "check")).isEqualTo(2);
        assertThat(run(Map.of(), "rotate-keys", "--nope", "x")).isEqualTo(2);
        assertThat(err()).contains("Usage: java -jar authdesign-server.jar check --config FILE");
    }

    @Test
    void generateKekThenBase64OfThirtyTwoRandomBytes() {
        assertThat(run(Map.of(), "generate-kek")).isZero();
        String first = out().strip();
        out.reset();
        run(Map.of(), "generate-kek");

        assertThat(Base64.getDecoder().decode(first)).hasSize(32);
        assertThat(out().strip()).isNotEqualTo(first);
    }

    @Test
    void rotateInMemoryStorageThenTwoAndHowToDoIt() throws Exception {
        Path file = file(CONFIG + "storage: {type: memory}\n");

        assertThat(run(Map.of(), "rotate-keys", "--config", file.toString())).isEqualTo(2);

        assertThat(err()).contains("rotate-keys --url", Commands.ADMIN_SCOPE);
    }

    @Test
    void rotateInPostgresqlStorageThenEveryNodePublishesTheNewKeys() throws Exception {
        try (SharedStorage storage = SharedStorage.create();
                TestServer node = TestServer.start(CONFIG + storage.yaml(false))) {
            int before = keys(node.issuer()).size();
            Path file = file(CONFIG + storage.yaml(false));

            assertThat(run(Map.of(), "rotate-keys", "--config", file.toString()))
                    .isZero();

            assertThat(out()).contains("New signing keys generated in the postgresql storage");
            long deadline = System.currentTimeMillis() + 5000;
            while (keys(node.issuer()).size() == before && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(keys(node.issuer())).hasSize(before * 2);
        }
    }

    @Test
    void rotateThroughRunningServerWithAdminClientThenNewKeysPublished() {
        try (TestServer node = TestServer.start(CONFIG)) {
            int before = keys(node.issuer()).size();

            int status = run(
                    Map.of(Commands.SECRET_VARIABLE, ADMIN_SECRET),
                    "rotate-keys",
                    "--url",
                    node.baseUrl(),
                    "--client",
                    "ops");

            assertThat(status).as(err()).isZero();
            assertThat(out()).contains("Keys rotated by " + node.baseUrl() + ": {\"rotated\":true}");
            assertThat(keys(node.issuer())).hasSize(before * 2);
        }
    }

    @Test
    void rotateThroughRunningServerWithoutAdminScopeOrSecretThenRefused() throws Exception {
        try (TestServer node = TestServer.start(CONFIG)) {
            int before = keys(node.issuer()).size();

            int noSecret = run(Map.of(), "rotate-keys", "--url", node.baseUrl(), "--client", "ops");
            int notAdmin = run(
                    Map.of(Commands.SECRET_VARIABLE, "svc-secret-0123456789"),
                    "rotate-keys",
                    "--url",
                    node.baseUrl(),
                    "--client",
                    "svc");
            HttpResponse<String> anonymous = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(node.baseUrl() + Commands.ROTATE_PATH))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(noSecret).isEqualTo(2);
            assertThat(notAdmin).isEqualTo(1);
            assertThat(err())
                    .contains(Commands.SECRET_VARIABLE, "The token request was refused (400)", "invalid_scope");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(keys(node.issuer())).hasSize(before);
        }
    }
}
