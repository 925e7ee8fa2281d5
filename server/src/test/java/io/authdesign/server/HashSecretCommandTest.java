package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hash-secret --config FILE}: the secret from standard input or the environment, never the command
 * line; its output in {@code clientSecret} authenticates the client with the plain secret, and only with it.
 */
class HashSecretCommandTest {

    private static final String SECRET = "a-long-client-secret-0123456789";

    private final String kek;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    HashSecretCommandTest() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        kek = Base64.getEncoder().encodeToString(key);
    }

    private String config(String secret, boolean withKek) {
        return """
                issuer: http://127.0.0.1:PORT
                port: PORT
                storage: {type: memory}
                clients:
                  - clientId: svc
                    clientSecret: "SECRET"
                    authMethods: [client_secret_basic]
                    grantTypes: [client_credentials]
                    scopes: [read]
                """.replace("SECRET", secret) + (withKek ? "keyEncryptionKey: " + kek + "\n" : "");
    }

    private int run(Map<String, String> environment, String stdin, String... args) {
        return new Commands(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        environment::get,
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)))
                .run(args);
    }

    private Path file(String yaml) throws Exception {
        Path file = dir.resolve("server.yaml");
        Files.writeString(file, yaml.replace("PORT", "0"));
        return file;
    }

    @Test
    void secretOnStdinThenHashThatAuthenticatesThePlainSecretOnly() throws Exception {
        Path file = file(config("plain-bootstrap-secret-000000", true));

        assertThat(run(Map.of(), SECRET + "\n", "hash-secret", "--config", file.toString()))
                .isZero();

        String hashed = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(hashed).matches("\\{hmac-sha256\\}[A-Za-z0-9_-]{43}").doesNotContain(SECRET);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        try (TestServer test = TestServer.start(config(hashed, true))) {
            Map<String, String> form = Map.of("grant_type", "client_credentials");
            assertThat(Http.postForm(test.tokenUrl(), Http.basic("svc", SECRET), form)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(Http.postForm(test.tokenUrl(), Http.basic("svc", hashed), form)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(Http.postForm(test.tokenUrl(), Http.basic("svc", "wrong"), form)
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void secretInTheEnvironmentThenTheSameHashAsOnStdin() throws Exception {
        Path file = file(config("plain-bootstrap-secret-000000", true));
        assertThat(run(Map.of(), SECRET, "hash-secret", "--config", file.toString()))
                .isZero();
        String fromStdin = out.toString(StandardCharsets.UTF_8);
        out.reset();

        assertThat(run(Map.of(Commands.SECRET_VARIABLE, SECRET), "", "hash-secret", "--config", file.toString()))
                .isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(fromStdin);
    }

    @Test
    void secretOnTheCommandLineThenRefusedWithUsageAndNotEchoed() throws Exception {
        Path file = file(config("plain-bootstrap-secret-000000", true));

        assertThat(run(Map.of(), "", "hash-secret", "--config", file.toString(), "--secret", SECRET))
                .isEqualTo(2);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Usage: java -jar authdesign-server.jar hash-secret --config FILE")
                .contains("never on the command line")
                .doesNotContain(SECRET);
    }

    @Test
    void noSecretThenTwoAndAClearMessage() throws Exception {
        Path file = file(config("plain-bootstrap-secret-000000", true));

        assertThat(run(Map.of(), "", "hash-secret", "--config", file.toString()))
                .isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("No secret: give it on standard input or in $AUTHDESIGN_CLIENT_SECRET");
    }

    @Test
    void configWithoutKeyEncryptionKeyThenTwoNamingTheKey() throws Exception {
        Path file = file(config("plain-bootstrap-secret-000000", false));

        assertThat(run(Map.of(), SECRET, "hash-secret", "--config", file.toString()))
                .isEqualTo(2);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Hashed secrets need a keyEncryptionKey");
    }

    @Test
    void hashedSecretWithoutKeyEncryptionKeyOrMalformedThenConfigErrorAtTheKey() {
        String hash = "{hmac-sha256}" + "A".repeat(43);
        assertThatThrownBy(() -> new ConfigLoader(new SecureRandom())
                        .parse("t.yaml", config(hash, false).replace("PORT", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].clientSecret")
                .hasMessageContaining("needs keyEncryptionKey");
        assertThatThrownBy(() -> new ConfigLoader(new SecureRandom())
                        .parse("t.yaml", config("{hmac-sha256}short", true).replace("PORT", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].clientSecret")
                .hasMessageContaining("is not a hash-secret output");
    }

    @Test
    void helpThenListsTheNewCommands() {
        assertThat(Main.run(
                        new String[] {"--help"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isZero();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("  hash-secret --config FILE")
                .contains("  grants --config FILE --user NAME")
                .contains("  revoke-grants --config FILE --user NAME [--client ID]")
                .contains("  new --flow oidc-auth-code|oidc-client-credentials|oidc-device --name NAME DIR")
                .contains("  new --util replay-store|key-store|rotation-store [--name CLASS] DIR");
    }
}
