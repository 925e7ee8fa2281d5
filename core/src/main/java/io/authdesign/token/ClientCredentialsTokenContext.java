package io.authdesign.token;

import java.util.Objects;
import java.util.Optional;

/**
 * The context of a {@code client_credentials} token request: the client asks for a token for itself.
 *
 * @param request the token request
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.4.2">RFC 6749 section 4.4.2</a>
 */
public record ClientCredentialsTokenContext(TokenRequest request) implements TokenContext {

    /** Validates the component. */
    public ClientCredentialsTokenContext {
        Objects.requireNonNull(request, "request");
    }

    /** The requested {@code scope}, if any. */
    public Optional<String> scope() {
        return request.parameter("scope");
    }

    @Override
    public Optional<String> requestedScope() {
        return scope();
    }
}
