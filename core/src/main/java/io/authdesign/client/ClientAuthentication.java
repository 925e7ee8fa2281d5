package io.authdesign.client;

import java.util.Objects;
import java.util.Optional;

/**
 * The client identified by a request, and how. The library checks the form of the credentials; whether a
 * secret is the right one is decided by the token handler (or a ready-made handler) that receives it.
 *
 * @param clientId the client identifier
 * @param clientSecret the presented secret, or {@code null} when the method has none
 * @param method the method the client used
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3">RFC 6749 section 2.3</a>
 */
public record ClientAuthentication(String clientId, String clientSecret, ClientAuthenticationMethod method) {

    /** Validates the components. */
    public ClientAuthentication {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(method, "method");
    }

    /** The secret, if the method carries one. */
    public Optional<String> secret() {
        return Optional.ofNullable(clientSecret);
    }
}
