package io.authdesign.token;

import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.jwt.JwtHelpers;
import java.util.Optional;

/**
 * The context of an {@code authorization_code} token request. The handler must check that the code was
 * issued to this client for this {@code redirect_uri}, and that {@link #codeVerifier()} matches the code's
 * PKCE challenge (with {@link #verifyCodeVerifier(String, String)}).
 *
 * @param grantType always {@code authorization_code}
 * @param clientId the client's identifier
 * @param clientSecret the presented secret, if the method carries one
 * @param clientAuthMethod the method the client used
 * @param ttl the flow's token lifetime in seconds
 * @param tokenType the flow's token type prefix
 * @param code the presented {@code code}
 * @param codeVerifier the PKCE {@code code_verifier}, if sent
 * @param redirectUri the {@code redirect_uri}, if sent
 * @param dpopJkt the thumbprint of the DPoP proof's key, when the request carried a valid proof
 * @param jwt the flow's JWT helpers, behind {@code createJwtAccessToken}, {@code createIdToken} and
 *     {@code verifyJwt}
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.3">RFC 6749 section 4.1.3</a>
 */
public record AuthorizationCodeTokenContext(
        String grantType,
        String clientId,
        Optional<String> clientSecret,
        ClientAuthenticationMethod clientAuthMethod,
        long ttl,
        String tokenType,
        String code,
        Optional<String> codeVerifier,
        Optional<String> redirectUri,
        Optional<String> dpopJkt,
        JwtHelpers jwt)
        implements TokenContext {

    /**
     * Checks a PKCE verifier against an S256 challenge ({@link Pkce#verifyCodeVerifier}).
     *
     * @param verifier the {@code code_verifier}
     * @param challenge the {@code code_challenge} stored with the code
     * @return whether the verifier is well-formed and matches
     */
    public boolean verifyCodeVerifier(String verifier, String challenge) {
        return Pkce.verifyCodeVerifier(verifier, challenge);
    }
}
