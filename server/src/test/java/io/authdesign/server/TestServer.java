package io.authdesign.server;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * A reference server started from YAML on a free port, its issuer naming that port (so every advertised
 * URL works); {@code PORT} in the YAML stands for the port.
 *
 * @param server the running server
 * @param issuer its issuer as configured, such as {@code http://127.0.0.1:port}
 */
record TestServer(ReferenceServer server, String issuer) implements AutoCloseable {

    static TestServer start(String yaml) {
        return start(yaml, Clock.systemUTC());
    }

    /** As {@link #start(String)}, the server running on the given clock. */
    static TestServer start(String yaml, Clock clock) {
        int port = Http.freePort();
        SecureRandom random = new SecureRandom();
        try {
            // tests keep their state in memory unless they configure a storage themselves
            String text = yaml.contains("storage:") ? yaml : yaml + "\nstorage: {type: memory}\n";
            LoadedConfig config =
                    new ConfigLoader(random).parse("test.yaml", text.replace("PORT", String.valueOf(port)));
            return new TestServer(ReferenceServer.start(config, clock, random), config.issuer());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Where the server listens, which differs from the issuer when a test configures an https issuer. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    String tokenUrl() {
        return baseUrl() + "/oauth2/token";
    }

    @Override
    public void close() {
        server.close();
    }
}
