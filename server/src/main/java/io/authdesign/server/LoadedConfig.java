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
}
