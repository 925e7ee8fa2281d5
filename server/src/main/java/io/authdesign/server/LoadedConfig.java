package io.authdesign.server;

/**
 * A checked configuration, ready to start a server.
 *
 * @param source where it came from (a file path or "demo configuration")
 * @param issuer the issuer identifier
 * @param host the listen address
 * @param port the listen port (0: any free port)
 * @param tokenTtl the access token lifetime in seconds
 * @param registry the clients and users, secrets hashed
 * @param secrets the hasher that checks client secrets
 */
record LoadedConfig(
        String source, String issuer, String host, int port, long tokenTtl, Registry registry, SecretHasher secrets) {}
