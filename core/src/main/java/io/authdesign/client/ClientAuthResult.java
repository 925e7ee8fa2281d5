package io.authdesign.client;

import io.authdesign.OAuth2Error;
import java.util.Objects;

/**
 * The outcome of one client authentication method on one request.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3">RFC 6749 section 2.3</a>
 */
public sealed interface ClientAuthResult
        permits ClientAuthResult.Authenticated, ClientAuthResult.Rejected, ClientAuthResult.NotApplicable {

    /**
     * The credentials are well-formed and identify a client.
     *
     * @param client the client and its presented credentials
     */
    record Authenticated(ClientAuthentication client) implements ClientAuthResult {
        /** Validates the component. */
        public Authenticated {
            Objects.requireNonNull(client, "client");
        }
    }

    /**
     * The credentials are present but unacceptable.
     *
     * @param error the error the client receives ({@code invalid_client} or {@code invalid_request})
     */
    record Rejected(OAuth2Error error) implements ClientAuthResult {
        /** Validates the component. */
        public Rejected {
            Objects.requireNonNull(error, "error");
        }
    }

    /** This method does not recognise the credentials; another method may. */
    enum NotApplicable implements ClientAuthResult {
        /** The only value. */
        INSTANCE
    }
}
