package io.authdesign.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Refresh token values that begin with their issue time, and the keys stores file them under.
 *
 * <p>A token is {@code <12 lowercase hex digits: milliseconds since the epoch>.<43 base64url characters: 256
 * random bits>}; its key is the time prefix with the dot, then the token's {@link TokenHashes#sha256 SHA-256
 * hash}. Keys of tokens issued close together therefore sort together, so a B-tree index on the key takes
 * each new token at its right edge instead of at a random leaf. That matters to a copy-on-write store such
 * as H2's MVStore, which writes every leaf a second changed anew: with keys that are hashes alone, every
 * rotation of a refresh token rewrote a random leaf of the key index and its path to the root. The prefix
 * tells whoever holds the token when it was issued, to the millisecond, as an {@code iat} would; the 256
 * random bits are the token's whole strength (RFC 6749 section 10.10), and the store keeps them only hashed
 * (RFC 6819 section 5.1.4.1.3).
 *
 * <p>Any other value (a token issued before this format, or one an application made itself) is keyed by
 * its hash alone, as before, so stored tokens stay valid. The key is a function of the presented value
 * only: a value whose prefix was altered has another hash, and matches nothing.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10.10">RFC 6749 section 10.10</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6819#section-5.1.4.1.3">RFC 6819 section
 *     5.1.4.1.3</a>
 */
public final class OrderedTokens {

    /** The time prefix's hexadecimal digits; twelve reach the year 10889. */
    private static final int TIME_DIGITS = 12;

    private static final int RANDOM_BYTES = 32;

    /** The random part's base64url characters, without padding. */
    private static final int RANDOM_CHARS = 43;

    private OrderedTokens() {}

    /**
     * A new token value: the issue time, then 256 bits of the random source.
     *
     * @param issuedAt when the token is issued; times before the epoch are written as the epoch
     * @param random the random source
     * @return a value of 56 characters
     */
    public static String generate(Instant issuedAt, SecureRandom random) {
        Objects.requireNonNull(issuedAt, "issuedAt");
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        // the low 48 bits of the time, as 12 digits
        String millis =
                HexFormat.of().toHexDigits(Math.max(0, issuedAt.toEpochMilli())).substring(16 - TIME_DIGITS);
        return millis + '.' + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The key a store files a token under: for a value of exactly this class's format (56 characters: 12
     * lower-case hex digits, a dot, 43 base64url characters) its time prefix and dot, then its SHA-256 hash
     * (56 characters); for any other value its SHA-256 hash (43 characters).
     *
     * @param token the token as issued or presented
     * @return the key
     */
    public static String key(String token) {
        String hash = TokenHashes.sha256(token);
        return isOrdered(token) ? token.substring(0, TIME_DIGITS + 1) + hash : hash;
    }

    /**
     * Whether the value is of this class's format: 12 lower-case hex digits, a dot, 43 base64url characters. A
     * loop over the 56 characters rather than a regular expression: it runs on every refresh-token lookup.
     */
    private static boolean isOrdered(String token) {
        if (token.length() != TIME_DIGITS + 1 + RANDOM_CHARS || token.charAt(TIME_DIGITS) != '.') {
            return false;
        }
        for (int i = 0; i < TIME_DIGITS; i++) {
            char c = token.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        for (int i = TIME_DIGITS + 1; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
