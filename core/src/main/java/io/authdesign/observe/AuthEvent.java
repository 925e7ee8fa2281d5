package io.authdesign.observe;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Something an authorization server did that an operator audits or counts. The events carry identifiers
 * (client, subject, grant, endpoint, error code), never a credential: no token, code, secret or password.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10">RFC 6749 section 10 (security
 *     considerations)</a>
 */
public sealed interface AuthEvent {

    /** The event's name in logs, {@code snake_case}, e.g. {@code token_issued}. */
    String name();

    /**
     * A user signed in with a username and password.
     *
     * @param subject the user's subject
     * @param address the client's address
     */
    record SignInSucceeded(String subject, String address) implements AuthEvent {
        /** Validates the components. */
        public SignInSucceeded {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String name() {
            return "sign_in_succeeded";
        }
    }

    /**
     * A sign-in was refused: unknown user or wrong password (which one is not said, as to the user).
     *
     * @param address the client's address
     */
    record SignInFailed(String address) implements AuthEvent {
        /** Validates the components. */
        public SignInFailed {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String name() {
            return "sign_in_failed";
        }
    }

    /**
     * A sign-in was answered "try later" before the password was checked: the account or the address is
     * throttled ({@code 429}) or too many verifications run at once ({@code 503}).
     *
     * @param address the client's address
     * @param status the HTTP status answered
     */
    record SignInThrottled(String address, int status) implements AuthEvent {
        /** Validates the components. */
        public SignInThrottled {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String name() {
            return "sign_in_throttled";
        }
    }

    /**
     * A user granted a client scopes on the consent page.
     *
     * @param subject the user
     * @param clientId the client
     * @param scopes the scopes granted
     */
    record ConsentGranted(String subject, String clientId, Set<String> scopes) implements AuthEvent {
        /** Validates and copies the components. */
        public ConsentGranted {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(clientId, "clientId");
            scopes = Set.copyOf(scopes);
        }

        @Override
        public String name() {
            return "consent_granted";
        }
    }

    /**
     * The token endpoint issued tokens (RFC 6749 section 5.1).
     *
     * @param grantType the grant type of the request
     * @param clientId the authenticated client
     */
    record TokenIssued(String grantType, String clientId) implements AuthEvent {
        /** Validates the components. */
        public TokenIssued {
            Objects.requireNonNull(grantType, "grantType");
            Objects.requireNonNull(clientId, "clientId");
        }

        @Override
        public String name() {
            return "token_issued";
        }
    }

    /**
     * A client revoked one of its tokens at the revocation endpoint (RFC 7009).
     *
     * @param clientId the client
     */
    record TokenRevoked(String clientId) implements AuthEvent {
        /** Validates the components. */
        public TokenRevoked {
            Objects.requireNonNull(clientId, "clientId");
        }

        @Override
        public String name() {
            return "token_revoked";
        }
    }

    /**
     * A whole grant was revoked (an administrator's action, a user's logout, the operator's command).
     *
     * @param grantId the grant
     */
    record GrantRevoked(String grantId) implements AuthEvent {
        /** Validates the components. */
        public GrantRevoked {
            Objects.requireNonNull(grantId, "grantId");
        }

        @Override
        public String name() {
            return "grant_revoked";
        }
    }

    /**
     * A refresh token was presented again after it rotated: its family and the grant's access tokens were
     * revoked (OAuth 2.0 Security BCP, RFC 9700 section 4.14.2).
     *
     * @param clientId the client that presented it
     * @param grantId the grant revoked
     */
    record RefreshReuseDetected(String clientId, String grantId) implements AuthEvent {
        /** Validates the components. */
        public RefreshReuseDetected {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(grantId, "grantId");
        }

        @Override
        public String name() {
            return "refresh_reuse_detected";
        }
    }

    /** New signing keys were generated (on schedule or on request). */
    record KeysRotated() implements AuthEvent {
        @Override
        public String name() {
            return "keys_rotated";
        }
    }

    /**
     * An endpoint answered an OAuth 2.0 error (RFC 6749 section 5.2).
     *
     * @param endpoint the endpoint's path
     * @param error the {@code error} code
     */
    record ErrorReturned(String endpoint, String error) implements AuthEvent {
        /** Validates the components. */
        public ErrorReturned {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String name() {
            return "error_returned";
        }
    }

    /**
     * A store was unavailable while an endpoint served a request (answered {@code temporarily_unavailable}
     * or {@code server_error}).
     *
     * @param endpoint the endpoint's path
     */
    record StoreFailed(String endpoint) implements AuthEvent {
        /** Validates the components. */
        public StoreFailed {
            Objects.requireNonNull(endpoint, "endpoint");
        }

        @Override
        public String name() {
            return "store_failed";
        }
    }

    /**
     * An endpoint answered a request.
     *
     * @param method the HTTP method
     * @param endpoint the endpoint's path
     * @param status the HTTP status
     * @param duration how long the handler took
     */
    record EndpointServed(String method, String endpoint, int status, Duration duration) implements AuthEvent {
        /** Validates the components. */
        public EndpointServed {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public String name() {
            return "endpoint_served";
        }
    }
}
