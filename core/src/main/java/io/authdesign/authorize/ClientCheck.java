package io.authdesign.authorize;

import java.util.Objects;
import java.util.Optional;

/**
 * The application's verdict on the client and redirect URI of an authorization request: the part of the
 * request the endpoint must trust before it may redirect anything to the client.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.1.2">RFC 6749 section 3.1.2</a>
 */
public sealed interface ClientCheck permits ClientCheck.Valid, ClientCheck.Invalid {

    /**
     * The client is known and {@code redirectUri} is one of its registered redirect URIs.
     *
     * @param redirectUri the redirect URI to use (the registered one when the request had none)
     * @param requirePkce whether the client must use PKCE (public clients always must)
     * @return the verdict
     */
    static ClientCheck.Valid valid(String redirectUri, boolean requirePkce) {
        return new Valid(redirectUri, requirePkce, false);
    }

    /**
     * The client is unknown or the redirect URI is not registered: the endpoint shows an error page and
     * never redirects.
     *
     * @param description what the user sees
     * @return the verdict
     */
    static ClientCheck invalid(String description) {
        return new Invalid(description);
    }

    /**
     * Valid.
     *
     * @param redirectUri the redirect URI
     * @param requirePkce whether PKCE is mandatory for the client
     * @param requirePushedRequests whether the client must push its authorization requests (RFC 9126
     *     section 5)
     */
    record Valid(String redirectUri, boolean requirePkce, boolean requirePushedRequests) implements ClientCheck {
        /** Validates the redirect URI. */
        public Valid {
            Objects.requireNonNull(redirectUri, "redirectUri");
        }

        /** A copy that says whether the client must push its authorization requests. */
        public Valid withPushedRequestsRequired(boolean required) {
            return new Valid(redirectUri, requirePkce, required);
        }
    }

    /**
     * Invalid.
     *
     * @param description the user-facing reason
     */
    record Invalid(String description) implements ClientCheck {}

    /** Checks a client and its redirect URI. */
    @FunctionalInterface
    interface Validator {
        /**
         * Checks the client of an authorization request.
         *
         * @param clientId the {@code client_id}
         * @param redirectUri the {@code redirect_uri}, if sent
         * @return the verdict
         * @throws Exception on failure: the user sees a server error page, nothing is redirected
         */
        ClientCheck validate(String clientId, Optional<String> redirectUri) throws Exception;
    }
}
