package io.authdesign;

import io.authdesign.token.BearerToken;

/**
 * The kind of access token a flow issues: its {@code token_type} and the HTTP authentication scheme that
 * presents it. {@link BearerToken} is the default; DPoP comes with its own type.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-7.1">RFC 6749 section 7.1</a>
 */
public interface TokenType {

    /** The {@code token_type} value and Authorization scheme, such as {@code Bearer}. */
    String prefix();
}
