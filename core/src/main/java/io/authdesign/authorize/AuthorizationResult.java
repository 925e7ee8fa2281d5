package io.authdesign.authorize;

import io.authdesign.OAuth2Error;
import java.util.Objects;

/**
 * What {@code generateCode} decides: issue a code, continue the interaction (render another step such as
 * consent), deny, or answer with an error such as OIDC's {@code login_required}. Returning {@code null}
 * instead means "not signed in": the sign-in page is shown again (with a 401 after a failed POST).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2">RFC 6749 section 4.1.2</a>
 */
public sealed interface AuthorizationResult
        permits AuthorizationResult.Code,
                AuthorizationResult.Continue,
                AuthorizationResult.Deny,
                AuthorizationResult.Error {

    /** Redirect to the client with this authorization code. */
    static AuthorizationResult code(String value) {
        return new Code(value);
    }

    /** Continue the interaction: the finaliser (by default the GET renderer) shows the next step. */
    static AuthorizationResult continueAuthorization() {
        return new Continue(null);
    }

    /** Continue the interaction, carrying a value for the finaliser. */
    static AuthorizationResult continueAuthorization(Object value) {
        return new Continue(value);
    }

    /** Redirect to the client with {@code access_denied}. */
    static AuthorizationResult deny() {
        return new Deny(null);
    }

    /** Redirect to the client with this error (for example {@code login_required} for {@code prompt=none}). */
    static AuthorizationResult error(OAuth2Error error) {
        return new Error(error);
    }

    /**
     * An authorization code.
     *
     * @param value the code; never empty
     */
    record Code(String value) implements AuthorizationResult {
        /** Validates the code. */
        public Code {
            Objects.requireNonNull(value, "value");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("An authorization code must not be empty");
            }
        }
    }

    /**
     * Another interaction step.
     *
     * @param value anything for the finaliser, or {@code null}
     */
    record Continue(Object value) implements AuthorizationResult {}

    /**
     * The resource owner denied the request.
     *
     * @param value anything for the finaliser, or {@code null}
     */
    record Deny(Object value) implements AuthorizationResult {}

    /**
     * An error for the client.
     *
     * @param error the error
     */
    record Error(OAuth2Error error) implements AuthorizationResult {
        /** Validates the error. */
        public Error {
            Objects.requireNonNull(error, "error");
        }
    }
}
