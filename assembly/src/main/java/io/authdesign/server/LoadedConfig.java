package io.authdesign.server;

import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.ready.RegisteredClientKeys;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import io.authdesign.store.RegisteredClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * @param clients the registered clients, in configuration order
 * @param clientStore the same clients, as the ready handlers find them
 * @param clientSecrets the hasher of the clients' secrets (a key of this process)
 * @param sharedSecrets the secrets of the {@code client_secret_jwt} clients by client id, kept as they are:
 *     they are HMAC keys, which a keyed hash cannot verify (README)
 * @param introspectionClients the clients that may introspect tokens ({@code introspection: true})
 * @param users the users by username, passwords hashed
 * @param registration the dynamic client registration policy
 * @param fapi2 whether every client is held to the FAPI 2.0 Security Profile ({@code profile: fapi2})
 * @param observability metrics and audit
 * @param implicit whether the implicit response types are served ({@code implicit.enabled})
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
        List<RegisteredClient> clients,
        ClientStore clientStore,
        ClientSecretHasher clientSecrets,
        Map<String, String> sharedSecrets,
        Set<String> introspectionClients,
        Map<String, ServerUsers.User> users,
        Registration registration,
        boolean fapi2,
        Observability observability,
        boolean implicit) {

    /**
     * Metrics and audit.
     *
     * @param metrics whether {@code GET /metrics} serves Prometheus text
     * @param audit whether the audit log is written
     * @param auditFile the audit log's file; empty for standard output
     */
    record Observability(boolean metrics, boolean audit, Optional<java.nio.file.Path> auditFile) {
        /** Nothing observed. */
        static final Observability OFF = new Observability(false, false, Optional.empty());
    }

    /** Copies the collections. */
    LoadedConfig {
        clients = List.copyOf(clients);
        sharedSecrets = Map.copyOf(sharedSecrets);
        introspectionClients = Set.copyOf(introspectionClients);
        users = Map.copyOf(users);
    }

    /** The {@code client_secret_jwt} secrets, for {@link RegisteredClientKeys}. */
    RegisteredClientKeys.SharedSecrets clientSecretJwtKeys() {
        return clientId -> Optional.ofNullable(sharedSecrets.get(clientId));
    }

    /** A copy of this configuration on memory storage. */
    LoadedConfig inMemory() {
        return new LoadedConfig(
                source,
                issuer,
                host,
                port,
                tokenTtl,
                signing,
                dpop,
                Storage.memory(),
                clients,
                clientStore,
                clientSecrets,
                sharedSecrets,
                introspectionClients,
                users,
                registration,
                fapi2,
                observability,
                implicit);
    }

    /** Names the source, issuer and clients; never a secret, password or key. */
    @Override
    public String toString() {
        return "LoadedConfig[source=" + source + ", issuer=" + issuer + ", clients=" + clients + ", users="
                + users.keySet() + "]";
    }

    /**
     * Dynamic client registration.
     *
     * @param policy who may register
     * @param perAddress the clients one address may register per hour
     */
    record Registration(RegistrationPolicy policy, int perAddress) {

        /** The default number of registrations per address and hour. */
        static final int DEFAULT_PER_ADDRESS = 100;

        Registration(RegistrationPolicy policy) {
            this(policy, DEFAULT_PER_ADDRESS);
        }
    }

    /** Who may register a client dynamically. */
    enum RegistrationPolicy {
        /** Registration is not served. */
        OFF,
        /** Anyone may register (RFC 7591 section 3). */
        OPEN,
        /** An access token of this server with the scope {@code authdesign:register} is required. */
        TOKEN
    }

    /**
     * How access tokens are signed.
     *
     * @param algorithm the access token algorithm
     * @param rotationInterval the key rotation interval
     * @param publicKeyExpiry how long a public key stays published
     * @param idTokenAlgorithms the ID token algorithms, the default first
     */
    record Signing(
            SigningAlgorithm algorithm,
            Duration rotationInterval,
            Duration publicKeyExpiry,
            List<SigningAlgorithm> idTokenAlgorithms) {}

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
     * @param keyEncryptionKeys the base64 key-encryption keys, the sealing one first; empty when none is
     *     configured ({@code file} makes one)
     */
    record Storage(
            String type,
            java.nio.file.Path path,
            String url,
            String username,
            String password,
            int poolSize,
            String redis,
            java.util.List<String> keyEncryptionKeys) {

        /** Copies the keys. */
        Storage {
            keyEncryptionKeys =
                    keyEncryptionKeys == null ? java.util.List.of() : java.util.List.copyOf(keyEncryptionKeys);
        }

        /** Memory storage, for tests and the demo. */
        static Storage memory() {
            return new Storage("memory", null, null, null, null, 0, null, java.util.List.of());
        }
    }
}
