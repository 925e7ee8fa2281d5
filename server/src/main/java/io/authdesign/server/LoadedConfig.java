package io.authdesign.server;

import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import java.time.Duration;

/**
 * A checked configuration, ready to start a server.
 *
 * @param source where it came from (a file path or "demo configuration")
 * @param issuer the issuer identifier
 * @param host the listen address
 * @param port the listen port (0: any free port)
 * @param tokenTtl the access token lifetime in seconds
 * @param signing the signing algorithm and key lifecycle
 * @param dpop the DPoP settings
 * @param storage where the server keeps its state
 * @param registry the clients and users, secrets hashed
 * @param secrets the hasher that checks client secrets
 * @param clientStore the clients as the ready handlers see them (client_secret_jwt excluded, see README)
 * @param clientSecrets the hasher of the client store's secrets
 */
record LoadedConfig(
        String source,
        String issuer,
        String host,
        int port,
        long tokenTtl,
        Signing signing,
        Dpop dpop,
        Storage storage,
        Registry registry,
        SecretHasher secrets,
        ClientStore clientStore,
        ClientSecretHasher clientSecrets) {

    /**
     * How access tokens are signed.
     *
     * @param algorithm the access token algorithm
     * @param rotationInterval the key rotation interval
     * @param publicKeyExpiry how long a public key stays published
     */
    record Signing(SigningAlgorithm algorithm, Duration rotationInterval, Duration publicKeyExpiry) {}

    /**
     * DPoP settings.
     *
     * @param required whether every token request needs a proof
     * @param nonce whether server nonces are required
     */
    record Dpop(boolean required, boolean nonce) {}

    /**
     * Where the state lives.
     *
     * @param type {@code memory}, {@code file} or {@code postgresql}
     * @param path the database directory ({@code file})
     * @param url the JDBC URL ({@code postgresql})
     * @param username the database user
     * @param password the database password
     * @param poolSize the pool size
     * @param redis the Redis URI, or {@code null}
     * @param keyEncryptionKey the base64 key-encryption key, or {@code null} ({@code file} makes one)
     */
    record Storage(
            String type,
            java.nio.file.Path path,
            String url,
            String username,
            String password,
            int poolSize,
            String redis,
            String keyEncryptionKey) {

        /** Memory storage, for tests and the demo. */
        static Storage memory() {
            return new Storage("memory", null, null, null, null, 0, null, null);
        }
    }
}
