package io.authdesign.token;

import io.authdesign.TokenResult;
import io.authdesign.http.HttpRequest;

/**
 * The user's token handler, given to {@code generateToken}: it decides what is issued. It receives the
 * parsed request parameters in a context and the raw request, and returns an
 * {@link io.authdesign.OAuth2TokenResponse}, an {@link io.authdesign.OAuth2Error}, {@link
 * TokenResult#CONTINUE}, or {@code null} (answered with a generic {@code invalid_request}).
 *
 * <p>Handlers are plain synchronous code and may block; adapters run them on virtual threads. An exception
 * thrown here is logged and answered with {@code server_error} (HTTP 500) without its text.
 *
 * @param <C> the context type of the grant
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-5">RFC 6749 section 5</a>
 */
@FunctionalInterface
public interface TokenGenerator<C> {

    /**
     * Decides the outcome of a token request.
     *
     * @param context the grant's parameters and helpers
     * @param request the HTTP request, for anything else the handler needs
     * @return the result, or {@code null} for a generic {@code invalid_request}
     * @throws Exception on failure; the client receives {@code server_error}
     */
    TokenResult generateToken(C context, HttpRequest request) throws Exception;
}
