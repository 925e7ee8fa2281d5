package io.authdesign.token;

import io.authdesign.TokenType;

/**
 * Bearer tokens: whoever holds the token may use it.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750">RFC 6750</a>
 */
public final class BearerToken implements TokenType {

    /** The {@code token_type} and Authorization scheme. */
    public static final String PREFIX = "Bearer";

    /** Creates the token type. */
    public BearerToken() {}

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public String toString() {
        return PREFIX;
    }
}
