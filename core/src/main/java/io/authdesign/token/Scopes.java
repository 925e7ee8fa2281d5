package io.authdesign.token;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code scope} parameter: space-delimited scope tokens of %x21 / %x23-5B / %x5D-7E.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.3">RFC 6749 section 3.3</a>
 */
public final class Scopes {

    private Scopes() {}

    /** Whether a scope value is well-formed: tokens separated by single spaces, each of allowed characters. */
    public static boolean isWellFormed(String scope) {
        if (scope.isEmpty() || scope.startsWith(" ") || scope.endsWith(" ") || scope.contains("  ")) {
            return false;
        }
        for (int i = 0; i < scope.length(); i++) {
            char c = scope.charAt(i);
            if (c != ' ' && (c < 0x21 || c > 0x7E || c == '"' || c == '\\')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Splits a well-formed scope value into its tokens, in order, without duplicates.
     *
     * @param scope the {@code scope} value
     * @return the scope tokens
     */
    public static Set<String> parse(String scope) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String token : scope.split(" ")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return tokens;
    }
}
