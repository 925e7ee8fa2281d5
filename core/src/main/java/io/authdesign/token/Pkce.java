package io.authdesign.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Proof Key for Code Exchange, method {@code S256}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7636">RFC 7636</a>
 */
public final class Pkce {

    private Pkce() {}

    /**
     * Whether a verifier has the form RFC 7636 section 4.1 requires: 43 to 128 characters of
     * {@code [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"}.
     *
     * @param verifier the {@code code_verifier}
     * @return whether it is well-formed
     */
    public static boolean isWellFormedVerifier(String verifier) {
        if (verifier == null || verifier.length() < 43 || verifier.length() > 128) {
            return false;
        }
        return verifier.chars().allMatch(Pkce::isUnreserved);
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }

    /**
     * Computes the S256 challenge of a verifier: BASE64URL(SHA-256(ASCII(verifier))), unpadded.
     *
     * @param verifier the {@code code_verifier}
     * @return the {@code code_challenge}
     */
    public static String s256Challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * Checks a verifier against an S256 challenge, in constant time (RFC 7636 section 4.6).
     *
     * @param verifier the {@code code_verifier} from the token request
     * @param challenge the {@code code_challenge} from the authorization request
     * @return {@code true} only when the verifier is well-formed and its challenge equals {@code challenge}
     */
    public static boolean verifyCodeVerifier(String verifier, String challenge) {
        if (!isWellFormedVerifier(verifier) || challenge == null) {
            return false;
        }
        return MessageDigest.isEqual(
                s256Challenge(verifier).getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }
}
