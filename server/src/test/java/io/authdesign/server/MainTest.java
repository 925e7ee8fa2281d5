package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line: arguments, a configuration file, the demo, and errors that stop the start. */
class MainTest {

    static final String SECRET = "TOPSECRET-main-9c1e";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<ReferenceServer> started = new ArrayList<>();

    @AfterEach
    void closeServers() {
        started.forEach(ReferenceServer::close);
    }

    private int run(String... args) {
        return run(Http.freePort(), args);
    }

    private int run(int demoPort, String... args) {
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                demoPort,
                started::add);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("server.yaml"), yaml);
    }

    @Test
    void helpThenUsageAndZero() {
        assertThat(run("--help")).isZero();
        assertThat(out()).startsWith("Usage: java -jar authdesign-server.jar [--config FILE]");
        assertThat(err()).isEmpty();
        assertThat(started).isEmpty();
    }

    @Test
    void unknownArgumentThenTwo() {
        assertThat(run("--port", "9000")).isEqualTo(2);
        assertThat(err())
                .isEqualTo("Unknown argument '--port'. Usage: java -jar authdesign-server.jar [--config FILE]"
                        + System.lineSeparator());
        assertThat(started).isEmpty();
    }

    @Test
    void configWithoutFileThenTwo() {
        assertThat(run("--config")).isEqualTo(2);
        assertThat(err()).isEqualTo("--config needs a file name" + System.lineSeparator());
        assertThat(started).isEmpty();
    }

    @Test
    void configFileThenServerStartsAndIssuesTokens() throws IOException {
        Path config = file("""
                issuer: http://127.0.0.1:9000
                port: 0
                tokenTtl: 77
                clients:
                  - clientId: svc
                    clientSecret: %s
                    authMethods: [client_secret_basic, client_secret_post]
                    grantTypes: [client_credentials]
                    scopes: [read, write]
                """.formatted(SECRET));
        assertThat(run("--config", config.toString())).isZero();
        assertThat(started).hasSize(1);
        int port = started.get(0).port();
        assertThat(port).isPositive();
        assertThat(out())
                .contains("AuthDesign reference server listening on http://127.0.0.1:" + port)
                .contains("Issuer:   http://127.0.0.1:9000")
                .contains("Metadata: http://127.0.0.1:9000/.well-known/oauth-authorization-server")
                .contains("  svc  methods [client_secret_basic, client_secret_post], grants [client_credentials],"
                        + " scopes [read, write]")
                .doesNotContain(SECRET)
                .doesNotContain("curl");
        HttpResponse<String> response = Http.postForm(
                "http://127.0.0.1:" + port + "/oauth2/token",
                Http.basic("svc", SECRET),
                Map.of("grant_type", "client_credentials"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response)).containsEntry("expires_in", 77).containsEntry("scope", "read write");
    }

    @Test
    void issueExampleFileThenServerStartsOnItsPort() throws IOException {
        int port = Http.freePort();
        Path config = file(ConfigLoaderTest.ISSUE_EXAMPLE.replace("9000", String.valueOf(port)));
        assertThat(run("--config", config.toString())).isZero();
        assertThat(started.get(0).port()).isEqualTo(port);
        HttpResponse<String> response = Http.postForm(
                "http://127.0.0.1:" + port + "/oauth2/token",
                null,
                Map.of("grant_type", "client_credentials", "client_id", "svc", "client_secret", "change-me"));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void issuerWithTrailingSlashThenBannerMetadataUrlIsServed() throws IOException {
        int port = Http.freePort();
        Path config = file("issuer: http://127.0.0.1:%d/\nport: %d\n".formatted(port, port));
        assertThat(run("--config", config.toString())).isZero();
        String metadata = "http://127.0.0.1:" + port + "/.well-known/oauth-authorization-server";
        assertThat(out()).contains("Metadata: " + metadata + System.lineSeparator());
        assertThat(Http.get(metadata).statusCode()).isEqualTo(200);
    }

    @Test
    void issuerWithPathThenBannerShowsTheRfc8414MetadataUrl() throws IOException {
        Path config = file("issuer: https://as.example.com/tenant\nport: 0\n");
        assertThat(run("--config", config.toString())).isZero();
        assertThat(out())
                .contains("Metadata: https://as.example.com/.well-known/oauth-authorization-server/tenant"
                        + System.lineSeparator());
        int port = started.get(0).port();
        assertThat(Http.get("http://127.0.0.1:" + port + "/.well-known/oauth-authorization-server/tenant")
                        .statusCode())
                .isEqualTo(200);
    }

    static Stream<Arguments> badFiles() {
        String client = "clients:\n  - clientId: a\n    clientSecret: " + SECRET + "\n";
        return Stream.of(
                Arguments.of("port: 0\n", "at 'issuer': is required (the server's public base URL)"),
                Arguments.of(
                        "issuer: https://as.example.com?a=b\n",
                        "at 'issuer': The issuer must be an absolute URL without query or fragment:"
                                + " 'https://as.example.com?a=b' (RFC 8414 section 2)"),
                Arguments.of(
                        "issuer: http://as.example.com\n",
                        "at 'issuer': The issuer must use https (http is allowed for loopback hosts only):"
                                + " 'http://as.example.com'"),
                Arguments.of("issuer: https://as.example.com\nlisten: 1\n", "at 'listen': unknown key"),
                Arguments.of(
                        "issuer: https://as.example.com\nport: abc\n",
                        "at 'port': has the wrong type: expected a number"),
                Arguments.of("issuer: https://as.example.com\nport: 70000\n", "at 'port': must be between 0 and 65535"),
                Arguments.of(
                        "issuer: https://as.example.com\ntokenTtl: 0\n",
                        "at 'tokenTtl': must be a positive number of seconds"),
                Arguments.of(
                        "issuer: https://as.example.com\n" + client + "    authMethods: [client_secret_jwt]\n"
                                + "    grantTypes: [client_credentials]\n",
                        "at 'clients[0].clientSecret': must be at least 32 bytes for client_secret_jwt (HS256)"),
                Arguments.of(
                        "issuer: https://as.example.com\nclients:\n  - clientId: a\n    authMethods: [private_key_jwt]\n"
                                + "    grantTypes: [client_credentials]\n",
                        "at 'clients[0].authMethods': private_key_jwt needs the client's jwks or jwksUri, and only"
                                + " private_key_jwt uses them"),
                Arguments.of(
                        "issuer: https://as.example.com\nsigning:\n  algorithm: none\n",
                        "at 'signing.algorithm': must be ES256, RS256, PS256 or EdDSA"),
                Arguments.of(
                        "issuer: https://as.example.com\nsigning:\n  rotationInterval: 0\n",
                        "at 'signing.rotationInterval': must be a positive number of seconds"),
                Arguments.of(
                        "issuer: https://as.example.com\n" + client + "    authMethods: [none]\n"
                                + "    grantTypes: [authorization_code]\n",
                        "at 'clients[0].clientSecret': is not used by none: remove it"),
                Arguments.of(
                        "issuer: https://as.example.com\n" + client + "    authMethods: [client_secret_post]\n"
                                + "    grantTypes: [client_credentials]\n    scopes: ['a\\\\b']\n",
                        "at 'clients[0].scopes[0]': is not a valid scope token"),
                Arguments.of(
                        "issuer: https://as.example.com\n" + client + "    unknownKey: " + SECRET + "\n",
                        "at 'clients[0].unknownKey': unknown key"),
                Arguments.of(
                        "issuer: https://as.example.com\nusers:\n  - username: bob\n",
                        "at 'users[0].password': is required"),
                Arguments.of("", ": the file is empty"),
                Arguments.of(
                        "issuer: https://as.example.com\n" + client + "    authMethods: [client_secret_basic\n",
                        ": not valid YAML (line "));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void badConfigFileThenErrorAndNoServer(String yaml, String error) throws IOException {
        Path config = file(yaml);
        assertThat(run("--config", config.toString())).isEqualTo(2);
        assertThat(started).isEmpty();
        assertThat(out()).isEmpty();
        String expectedStart = "Configuration error in " + config + (error.startsWith(":") ? "" : " ") + error;
        assertThat(err())
                .startsWith(expectedStart)
                .endsWith("The server did not start." + System.lineSeparator())
                .doesNotContain(SECRET);
        assertThat(err().lines()).hasSize(2);
    }

    @Test
    void nonexistentFileThenErrorAndNoServer() {
        Path missing = dir.resolve("missing.yaml");
        assertThat(run("--config", missing.toString())).isEqualTo(2);
        assertThat(started).isEmpty();
        assertThat(err())
                .isEqualTo("Configuration error in " + missing + ": the file does not exist" + System.lineSeparator()
                        + "The server did not start." + System.lineSeparator());
    }

    @Test
    void directoryAsConfigFileThenErrorAndNoServer() {
        assertThat(run("--config", dir.toString())).isEqualTo(2);
        assertThat(started).isEmpty();
        assertThat(err()).startsWith("Configuration error in " + dir + ": the file cannot be read");
    }

    @Test
    void portInUseThenOneAndNoServer() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Path config = file("issuer: http://127.0.0.1:9000\nport: " + taken.getLocalPort() + "\n");
            assertThat(run("--config", config.toString())).isEqualTo(1);
            assertThat(started).isEmpty();
            assertThat(err()).startsWith("The server could not start on 127.0.0.1:" + taken.getLocalPort() + ": ");
        }
    }

    private static final Pattern CURL = Pattern.compile(
            "curl -s -u '([^':]+):([^']+)' -d grant_type=client_credentials -d scope=read (http://\\S+/oauth2/token)");

    @Test
    void demoThenBannerWithACurlLineThatGetsAToken() {
        int port = Http.freePort();
        assertThat(run(port)).isZero();
        assertThat(started).hasSize(1);
        assertThat(started.get(0).port()).isEqualTo(port);
        String issuer = "http://127.0.0.1:" + port;
        assertThat(out())
                .contains("Issuer:   " + issuer + System.lineSeparator())
                .contains("  demo-service  methods [client_secret_basic, client_secret_post], grants"
                        + " [client_credentials], scopes [read, write]")
                .contains("  client demo-service / secret ")
                .contains("  user   alice / password ");
        Matcher curl = CURL.matcher(out());
        assertThat(curl.find()).as(out()).isTrue();
        assertThat(curl.group(1)).isEqualTo("demo-service");
        assertThat(curl.group(3)).isEqualTo(issuer + "/oauth2/token");
        // curl -u sends id:secret as they are, base64-encoded, without form-encoding.
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((curl.group(1) + ":" + curl.group(2)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response =
                Http.postForm(curl.group(3), basic, Map.of("grant_type", "client_credentials", "scope", "read"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Http.json(response))
                .containsEntry("token_type", "Bearer")
                .containsEntry("expires_in", 3600)
                .containsEntry("scope", "read");
    }

    @Test
    void demoCurlLineRunsAsPrinted() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        assertThat(run(Http.freePort())).isZero();
        Matcher curl = CURL.matcher(out());
        assertThat(curl.find()).isTrue();
        Process process = new ProcessBuilder("sh", "-c", curl.group()).start();
        String body = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        assertThat(body).contains("\"token_type\":\"Bearer\"").contains("\"scope\":\"read\"");
    }

    @Test
    void demoSecretsAreNewAtEveryStart() {
        assertThat(run(Http.freePort())).isZero();
        assertThat(run(Http.freePort())).isZero();
        List<String> secrets =
                CURL.matcher(out()).results().map(m -> m.group(2)).toList();
        assertThat(secrets).hasSize(2);
        assertThat(secrets.get(0)).isNotEqualTo(secrets.get(1));
    }

    @Test
    void realDemoRunsOnPort9000() {
        Main.Demo demo = Main.Demo.create(new SecureRandom(), Main.Demo.PORT);
        assertThat(Main.Demo.PORT).isEqualTo(9000);
        assertThat(demo.config().issuer()).isEqualTo("http://127.0.0.1:9000");
        assertThat(demo.config().port()).isEqualTo(9000);
        assertThat(demo.clientSecret()).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void signalDuringTheStartThenServerClosedQuietlyAndNoBanner() throws IOException {
        int port = Http.freePort();
        // what Runtime.addShutdownHook does once a SIGTERM has begun the JVM's shutdown
        Consumer<Thread> refusingHooks = hook -> {
            throw new IllegalStateException("Shutdown in progress");
        };
        int status = Main.run(
                new String[0],
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                port,
                server -> Main.closeAtShutdown(server, refusingHooks));

        assertThat(status).isZero();
        assertThat(out()).doesNotContain("listening on");
        assertThat(err()).isEmpty();
        // the server was closed: its port can be bound again
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void startThenShutdownHookClosesTheServer() throws Exception {
        int port = Http.freePort();
        List<Thread> hooks = new ArrayList<>();
        assertThat(run(port)).isZero();
        ReferenceServer server = started.remove(0);

        assertThat(Main.closeAtShutdown(server, hooks::add)).isTrue();
        assertThat(hooks)
                .singleElement()
                .satisfies(hook -> assertThat(hook.getName()).isEqualTo("authdesign-shutdown"));
        assertThat(Http.get("http://127.0.0.1:" + port + "/health").statusCode())
                .isEqualTo(200);
        hooks.get(0).run();
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }
}
