package io.authdesign.token;

import io.authdesign.TokenType;
import io.authdesign.client.ClientAuthMethod;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.client.ClientVerification;
import io.authdesign.jwt.JwtHelpers;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * What the flow that owns a grant decides for it: the client authentication methods it accepts, its token
 * type (Bearer or DPoP), the access token lifetime, the JWT helpers its handlers sign with, and where
 * handler failures are logged.
 *
 * @param methods the client authentication methods the flow enables
 * @param tokenType the flow's token type
 * @param ttl the access token lifetime in seconds
 * @param jwt the flow's JWT helpers
 * @param logger the flow's logger
 * @param clientVerification the flow's check of the client, run before anything is stored for a request
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3">RFC 6749 section 2.3</a>
 */
public record GrantSettings(
        List<ClientAuthMethod> methods,
        TokenType tokenType,
        long ttl,
        JwtHelpers jwt,
        Logger logger,
        Optional<ClientVerification> clientVerification) {

    /** Validates and copies the components. */
    public GrantSettings {
        Objects.requireNonNull(clientVerification, "clientVerification");
        methods = List.copyOf(methods);
        Objects.requireNonNull(tokenType, "tokenType");
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(logger, "logger");
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("A grant needs at least one client authentication method");
        }
    }

    /** Settings without a client check: the handler alone decides about the client. */
    public GrantSettings(List<ClientAuthMethod> methods, TokenType tokenType, long ttl, JwtHelpers jwt, Logger logger) {
        this(methods, tokenType, ttl, jwt, logger, Optional.empty());
    }

    /** Whether the flow enables the method a client authenticated with. */
    boolean accepts(ClientAuthenticationMethod method) {
        for (ClientAuthMethod enabled : methods) {
            if (enabled.method().equals(method)) {
                return true;
            }
        }
        return false;
    }
}
