package io.authdesign.token;

import java.util.Objects;
import java.util.Optional;

/**
 * The context of a token request of an extension grant registered with
 * {@link TokenGrant#extension(GrantType, TokenGenerator, String...)}, such as RFC 8693 token exchange or the RFC 7523
 * section 2.1 JWT bearer grant: the grant's own parameters are read with {@link #parameter(String)}.
 *
 * @param request the token request
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.5">RFC 6749 section 4.5</a>
 */
public record ExtensionGrantContext(TokenRequest request) implements TokenContext {

    /** Validates the component. */
    public ExtensionGrantContext {
        Objects.requireNonNull(request, "request");
    }

    /**
     * A parameter of the request.
     *
     * @param name the parameter name
     * @return its value; empty values count as absent
     */
    public Optional<String> parameter(String name) {
        return request.parameter(name);
    }

    @Override
    public Optional<String> requestedScope() {
        return request.parameter("scope");
    }
}
