package io.authdesign.server;

import java.security.SecureRandom;

/**
 * A reference server started from YAML on a free port, its issuer naming that port (so every advertised
 * URL works); {@code PORT} in the YAML stands for the port.
 *
 * @param server the running server
 * @param issuer its issuer, {@code http://127.0.0.1:port}
 */
record TestServer(ReferenceServer server, String issuer) implements AutoCloseable {

    static TestServer start(String yaml) {
        int port = Http.freePort();
        SecureRandom random = new SecureRandom();
        try {
            LoadedConfig config =
                    new ConfigLoader(random).parse("test.yaml", yaml.replace("PORT", String.valueOf(port)));
            return new TestServer(ReferenceServer.start(config, random), "http://127.0.0.1:" + port);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    String tokenUrl() {
        return issuer + "/oauth2/token";
    }

    @Override
    public void close() {
        server.close();
    }
}
