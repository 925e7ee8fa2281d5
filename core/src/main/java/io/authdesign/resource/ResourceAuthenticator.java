package io.authdesign.resource;

import io.authdesign.http.HttpRequest;
import io.authdesign.internal.FailureLog;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Authenticates requests to protected resource routes with a design's access tokens, as RFC 6750
 * describes for Bearer tokens. Adapters call it for every route the user marks as protected.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750">RFC 6750</a>
 */
public interface ResourceAuthenticator {

    /**
     * Authenticates a request.
     *
     * @param request the request
     * @param requiredScopes scopes the token must carry, or empty
     * @return the credentials, or the refusal to send: 401 {@code invalid_token} (or no error when the
     *     request has no token), 403 {@code insufficient_scope}, 400 {@code invalid_request}
     */
    AuthResult authenticate(HttpRequest request, Set<String> requiredScopes);

    /**
     * Authenticates a request for an adapter, which only copies a refusal back: anything the
     * authenticator throws (an {@code Error} too) is logged and refused with 503 for a store outage, else
     * 500, never with the server's own error page.
     *
     * @param request the request line and headers
     * @param requiredScopes scopes the token must carry, or empty
     * @return the credentials, or the refusal to send
     */
    default AuthResult guard(HttpRequest request, Set<String> requiredScopes) {
        try {
            return authenticate(request, requiredScopes);
        } catch (RuntimeException | Error e) {
            FailureLog.log(
                    LoggerFactory.getLogger(ResourceAuthenticator.class),
                    e,
                    "Authenticating {} {} failed",
                    request.method(),
                    request.path());
            return ResourceResponses.failure(e);
        }
    }
}
