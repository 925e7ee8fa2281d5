package io.authdesign.ready;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.token.TokenContext;
import java.time.Clock;
import java.util.Optional;

/**
 * Checks, for a ready handler, that the client of a token request is registered, used one of its own
 * authentication methods with the right secret, and may use the grant.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1">RFC 6749 section 3.2.1</a>
 */
final class ClientVerifier {

    static final OAuth2Error INVALID_CLIENT =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, ClientAuthenticator.FAILED);

    private final ClientStore clients;
    private final ClientSecretHasher secrets;
    private final Clock clock;

    ClientVerifier(ClientStore clients, ClientSecretHasher secrets, Clock clock) {
        this.clients = clients;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The outcome: the client, or the error to answer. */
    sealed interface Outcome permits Verified, Refused {}

    record Verified(RegisteredClient client) implements Outcome {}

    record Refused(OAuth2Error error) implements Outcome {}

    Outcome verify(TokenContext ctx) {
        return verify(ctx.clientId(), ctx.clientSecret(), ctx.clientAuthMethod().value(), ctx.grantType());
    }

    Outcome verify(String clientId, Optional<String> secret, String method, String grantType) {
        Optional<RegisteredClient> found = clients.find(clientId);
        if (found.isEmpty()) {
            secret.ifPresent(secrets::hash); // the same work as a wrong secret: no timing oracle
            return new Refused(INVALID_CLIENT);
        }
        RegisteredClient client = found.get();
        if (!client.authMethods().contains(method) || !secretMatches(client, secret, method)) {
            return new Refused(INVALID_CLIENT);
        }
        if (!client.allowsGrantType(grantType)) {
            return new Refused(
                    OAuth2Error.of(OAuth2ErrorCode.UNAUTHORIZED_CLIENT, "The client may not use this grant type"));
        }
        return new Verified(client);
    }

    private boolean secretMatches(RegisteredClient client, Optional<String> secret, String method) {
        return switch (method) {
            case "client_secret_basic", "client_secret_post" ->
                secret.isPresent() && secrets.matches(secret.get(), client.secrets(), clock.instant());
            default -> true; // none (public client), or a JWT assertion the library verified
        };
    }
}
