package io.authdesign.client;

import io.authdesign.OAuth2Error;
import io.authdesign.http.HttpRequest;
import java.util.Optional;

/**
 * Decides whether the client a token request's credentials identify is a known client that used its own
 * method and the right secret. The library checks the form of the credentials (and verifies JWT
 * assertions); the application knows its clients. Set on a flow with {@code verifyClient(...)} (the ready
 * flows set their own), it runs before anything is stored for the request: the token endpoint records the
 * DPoP proof's {@code jti} only for a client it accepted, so anonymous requests leave no replay entries.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1">RFC 6749 section 3.2.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-11.1">RFC 9449 section 11.1</a>
 */
@FunctionalInterface
public interface ClientVerification {

    /**
     * Verifies a client.
     *
     * @param client the client as its credentials identified it
     * @param request the HTTP request
     * @return the error to answer (typically {@code invalid_client}), or empty to go on
     * @throws Exception on failure: the client receives {@code server_error} (or 503 for an unreachable store)
     */
    Optional<OAuth2Error> verify(ClientAuthentication client, HttpRequest request) throws Exception;
}
