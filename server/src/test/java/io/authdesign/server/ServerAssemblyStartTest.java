package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ServerAssembly#start()}, as the Spring starter calls it: the configured users' password hashes are
 * derived in the background after the start, without a sign-in asking for them, and not once the assembly is
 * closed.
 */
class ServerAssemblyStartTest {

    @Test
    void startDerivesTheConfiguredPasswordHashesWithoutASignIn(@TempDir Path directory) throws Exception {
        ServerAssembly assembly = assemblyWithUser(directory, "alice", "correct horse battery");
        try {
            PasswordHasher.Hash hash = assembly.config().users().get("alice").password();
            assertThat(hash.derived()).isNotDone();

            assembly.start();

            // nothing else begins the derivation: it completes only because start() scheduled it
            assertThat(hash.derived().get(30, TimeUnit.SECONDS)).hasSize(32);
        } finally {
            assembly.close();
        }
    }

    @Test
    void closeWithinTheHashingDelayThenNoPasswordIsDerived(@TempDir Path directory) throws Exception {
        ServerAssembly assembly = assemblyWithUser(directory, "bob", "another long passphrase");
        PasswordHasher.Hash hash = assembly.config().users().get("bob").password();

        assembly.start();
        assembly.close();

        // past the delay: a derivation begun then would be running on its thread or done
        Thread.sleep(ServerAssembly.PASSWORD_HASHING_DELAY.toMillis() + 1_000);
        assertThat(hash.derived()).isNotDone();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().equals("authdesign-password-hash"));
    }

    /** An assembly on memory storage with one configured user. */
    private static ServerAssembly assemblyWithUser(Path directory, String username, String password)
            throws ConfigException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", "http://127.0.0.1:9000");
        config.put("storage", Map.of("type", "memory"));
        config.put("users", List.of(Map.of("username", username, "password", password)));
        return ServerAssembly.fromTree("test", config, directory);
    }
}
