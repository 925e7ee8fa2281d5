package io.authdesign.server;

import io.authdesign.jwt.PublicKeys;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The clients and users of a loaded configuration, with their secrets and passwords hashed.
 *
 * @param clients the clients, by id
 * @param users the users, by username
 */
record Registry(Map<String, Client> clients, Map<String, User> users) {

    Registry(List<Client> clients, List<User> users) {
        this(
                clients.stream().collect(Collectors.toUnmodifiableMap(Client::clientId, Function.identity())),
                users.stream().collect(Collectors.toUnmodifiableMap(User::username, Function.identity())));
    }

    Optional<Client> client(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    /**
     * A registered client.
     *
     * @param clientId the identifier
     * @param secretHash the keyed hash of the secret, or {@code null} for a public client
     * @param authMethods the methods it may use
     * @param grantTypes the grant types it may use (full values, the device grant as its URN)
     * @param scopes the scopes it may be granted, in configuration order
     * @param redirectUris its redirect URIs
     * @param jwtSecret the plain secret, kept only for {@code client_secret_jwt} (HMAC verification needs
     *     it), or {@code null}
     * @param jwks its public keys for {@code private_key_jwt}, or {@code null}
     * @param jwksUri where its keys are published for {@code private_key_jwt}, or {@code null}
     * @param dpopBound whether the client must use DPoP
     */
    record Client(
            String clientId,
            byte[] secretHash,
            Set<String> authMethods,
            Set<String> grantTypes,
            Set<String> scopes,
            List<String> redirectUris,
            String jwtSecret,
            PublicKeys jwks,
            URI jwksUri,
            boolean dpopBound) {

        boolean uses(String method) {
            return authMethods.contains(method);
        }
    }

    /**
     * A user.
     *
     * @param username the login name
     * @param password the password hash
     * @param claims the user's claims
     */
    record User(String username, PasswordHasher.Hash password, Map<String, Object> claims) {}
}
