package io.authdesign.resource;

import java.util.Objects;

/**
 * What a {@link TokenValidator} decides: the token authenticates these credentials, or it does not.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750#section-3">RFC 6750 section 3</a>
 */
public sealed interface ValidationResult permits ValidationResult.Valid, ValidationResult.Invalid {

    /** The token is accepted for these credentials. */
    static ValidationResult authenticated(Credentials credentials) {
        return new Valid(credentials);
    }

    /** The token is refused; the description goes to the client in {@code error_description}. */
    static ValidationResult unauthenticated(String description) {
        return new Invalid(description);
    }

    /**
     * Accepted.
     *
     * @param credentials what the route handlers read
     */
    record Valid(Credentials credentials) implements ValidationResult {
        /** Validates the component. */
        public Valid {
            Objects.requireNonNull(credentials, "credentials");
        }
    }

    /**
     * Refused.
     *
     * @param description the client-facing reason, or {@code null}
     */
    record Invalid(String description) implements ValidationResult {}
}
