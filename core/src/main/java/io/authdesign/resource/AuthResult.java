package io.authdesign.resource;

import io.authdesign.http.HttpResponse;
import java.util.Objects;

/**
 * The outcome of authenticating a request to a protected route: credentials, or the response to send.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750#section-3">RFC 6750 section 3</a>
 */
public sealed interface AuthResult permits AuthResult.Authenticated, AuthResult.Refused {

    /**
     * The request is authenticated.
     *
     * @param credentials who the token stands for
     */
    record Authenticated(Credentials credentials) implements AuthResult {
        /** Validates the component. */
        public Authenticated {
            Objects.requireNonNull(credentials, "credentials");
        }
    }

    /**
     * The request is refused.
     *
     * @param response the 400, 401, 403 or 500 response, with {@code WWW-Authenticate} where RFC 6750
     *     requires it
     */
    record Refused(HttpResponse response) implements AuthResult {
        /** Validates the component. */
        public Refused {
            Objects.requireNonNull(response, "response");
        }
    }
}
