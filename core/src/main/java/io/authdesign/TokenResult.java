package io.authdesign;

/**
 * What a token handler ({@code generateToken}) returns: a token response, an OAuth 2.0 error, or
 * {@link #CONTINUE}. A handler may also return {@code null}, which the endpoint answers with a generic
 * {@code invalid_request}, as the original package's contract says.
 *
 * <pre>{@code
 * switch (result) {
 *     case OAuth2TokenResponse tokens -> ...
 *     case OAuth2Error error -> ...
 *     case TokenResult.Continue next -> ...
 * }
 * }</pre>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-5">RFC 6749 section 5</a>
 */
public sealed interface TokenResult permits OAuth2TokenResponse, OAuth2Error, TokenResult.Continue {

    /**
     * "Not mine": the handler does not recognise the grant (typically a refresh token issued by another
     * flow). Under {@code MultipleFlows} the next flow's refresh handler is asked; when no flow accepts
     * the grant, the client receives {@code invalid_grant}. The Java form of the original's
     * {@code h.continue}.
     */
    TokenResult CONTINUE = Continue.INSTANCE;

    /** The type of {@link #CONTINUE}. */
    enum Continue implements TokenResult {
        /** The only value. */
        INSTANCE
    }
}
