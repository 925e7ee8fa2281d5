package io.authdesign.store;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;

/**
 * Device-flow user codes: eight characters from the RFC 8628 section 6.1 alphabet (twenty consonants,
 * about 34.5 bits of entropy, no vowels to avoid words, no look-alike digits), shown as {@code
 * XXXX-XXXX} and compared case-insensitively, ignoring the dash and other punctuation users type.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-6.1">RFC 8628 section 6.1</a>
 */
public final class UserCodes {

    /** The alphabet of RFC 8628 section 6.1. */
    public static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

    /** The number of characters of a generated code. */
    public static final int LENGTH = 8;

    private UserCodes() {}

    /** A new code for display, such as {@code WDJB-MJHT}. */
    public static String generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        StringBuilder code = new StringBuilder(LENGTH + 1);
        for (int i = 0; i < LENGTH; i++) {
            if (i == LENGTH / 2) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /**
     * The code as hashed and compared (see {@link UserCodeHasher}): upper case, with every character other than ASCII letters and
     * digits removed, so {@code "wdjb-mjht"} and {@code "WDJB MJHT"} both become {@code "WDJBMJHT"}.
     */
    public static String normalise(String userCode) {
        Objects.requireNonNull(userCode, "userCode");
        String upper = userCode.toUpperCase(Locale.ROOT);
        StringBuilder normalised = new StringBuilder(upper.length());
        for (int i = 0; i < upper.length(); i++) {
            char c = upper.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                normalised.append(c);
            }
        }
        return normalised.toString();
    }
}
