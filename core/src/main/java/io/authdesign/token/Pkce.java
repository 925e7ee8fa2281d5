package io.authdesign.token;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Proof Key for Code Exchange: the one place of its rules, used by the authorization endpoint (the
 * challenge of the request), the ready code exchange (the verifier of the token request) and the handler
 * helper {@link AuthorizationCodeTokenContext#verifyCodeVerifier}. {@code S256} always; {@code plain} only
 * where a route allows it.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7636">RFC 7636</a>
 */
public final class Pkce {

    /** The {@code S256} method (RFC 7636 section 4.2). */
    public static final String S256 = "S256";

    /** The {@code plain} method (RFC 7636 section 4.2), off unless a route allows it. */
    public static final String PLAIN = "plain";

    /** RFC 7636 section 4.2: 43 to 128 unreserved characters. */
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

    private Pkce() {}

    /**
     * Checks the PKCE parameters of an authorization request (RFC 7636 sections 4.3 and 4.4.1):
     * {@code code_challenge_method} only with a challenge; a challenge when the client must use PKCE;
     * {@code S256}, or {@code plain} when allowed (a challenge without a method means {@code plain}); a
     * challenge of the method's form.
     *
     * @param challenge the {@code code_challenge} parameter
     * @param method the {@code code_challenge_method} parameter
     * @param required whether the client must use PKCE
     * @param plainAllowed whether the route allows {@code plain}
     * @return the method of the challenge, empty without one
     * @throws OAuth2Exception {@code invalid_request} when a rule is broken
     */
    public static Optional<String> checkChallenge(
            Optional<String> challenge, Optional<String> method, boolean required, boolean plainAllowed)
            throws OAuth2Exception {
        if (challenge.isEmpty()) {
            if (method.isPresent()) {
                throw invalidRequest("code_challenge_method was sent without code_challenge");
            }
            if (required) {
                throw invalidRequest("This client must use PKCE (RFC 7636)");
            }
            return Optional.empty();
        }
        String chosen = method.orElse(PLAIN);
        if (!(chosen.equals(S256) || (chosen.equals(PLAIN) && plainAllowed))) {
            throw invalidRequest(
                    method.isEmpty()
                            ? "code_challenge_method is required: S256"
                            : "The code_challenge_method is not supported: use S256");
        }
        if (!CHALLENGE.matcher(challenge.get()).matches()
                || (chosen.equals(S256) && challenge.get().length() != 43)) {
            throw invalidRequest("The code_challenge is malformed");
        }
        return Optional.of(chosen);
    }

    /**
     * Checks the {@code code_verifier} of a token request against the challenge its code was issued with
     * (RFC 7636 section 4.6): a code issued with a challenge needs a well-formed verifier that matches it,
     * compared in constant time; a verifier for a code issued without challenge is refused, so that a
     * downgrade is detected (RFC 9700 section 4.8.2).
     *
     * @param challenge the code's challenge, or {@code null} when it was issued without one
     * @param method the challenge's method, {@code S256} or {@code plain}
     * @param verifier the {@code code_verifier} parameter
     * @return the {@code invalid_grant} error, empty when the verifier is right
     */
    public static Optional<OAuth2Error> checkVerifier(String challenge, String method, Optional<String> verifier) {
        if (challenge == null) {
            return verifier.isPresent()
                    ? invalidGrant("code_verifier sent for a code issued without code_challenge")
                    : Optional.empty();
        }
        if (verifier.isEmpty() || !isWellFormedVerifier(verifier.get())) {
            return invalidGrant("The code_verifier is missing or malformed");
        }
        String expected = PLAIN.equals(method) ? verifier.get() : s256Challenge(verifier.get());
        boolean matches = MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
        return matches ? Optional.empty() : invalidGrant("The code_verifier does not match");
    }

    /**
     * Whether a verifier has the form RFC 7636 section 4.1 requires: 43 to 128 characters of
     * {@code [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"}.
     *
     * @param verifier the {@code code_verifier}
     * @return whether it is well-formed
     */
    public static boolean isWellFormedVerifier(String verifier) {
        return verifier != null && CHALLENGE.matcher(verifier).matches();
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
        return challenge != null
                && checkVerifier(challenge, S256, Optional.ofNullable(verifier)).isEmpty();
    }

    private static OAuth2Exception invalidRequest(String description) {
        return new OAuth2Exception(OAuth2ErrorCode.INVALID_REQUEST, description);
    }

    private static Optional<OAuth2Error> invalidGrant(String description) {
        return Optional.of(OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, description));
    }
}
