package io.authdesign.resource;

import io.authdesign.http.HttpRequest;

/**
 * The resource-side token check given to a flow's {@code validate(...)}: it decides whether an access
 * token authenticates a request on a protected route. Returning {@code null} refuses the token.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750">RFC 6750</a>
 */
@FunctionalInterface
public interface TokenValidator {

    /**
     * Validates a token.
     *
     * @param request the request to the protected route
     * @param context the token and, with {@code useAccessTokenJwks(true)}, its verified claims
     * @return the decision, or {@code null} to refuse
     * @throws Exception on failure: the request gets a 500 {@code server_error}
     */
    ValidationResult validate(HttpRequest request, ValidationContext context) throws Exception;
}
