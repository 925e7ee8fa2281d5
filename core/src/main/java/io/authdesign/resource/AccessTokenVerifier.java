package io.authdesign.resource;

/**
 * Decides whether an access token presented at a protected route is valid: by verifying it as an RFC 9068
 * JWT, or by asking the authorization server (RFC 7662 introspection). {@link BearerAuthenticator} runs it
 * after the Authorization header and any DPoP proof are checked, then binds a token whose claims carry
 * {@code cnf.jkt} to the proof's key.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068#section-4">RFC 9068 section 4</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662">RFC 7662</a>
 */
@FunctionalInterface
public interface AccessTokenVerifier {

    /**
     * Verifies a token.
     *
     * @param token the access token from the Authorization header (a well-formed {@code b64token})
     * @return its claims, a refusal, or that the answer is unavailable now
     */
    AccessTokenVerification verify(String token);
}
