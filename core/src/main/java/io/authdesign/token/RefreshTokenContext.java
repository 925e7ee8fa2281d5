package io.authdesign.token;

import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.jwt.JwtHelpers;
import java.util.Optional;

/**
 * The context of a {@code refresh_token} request, as the {@code refreshTokenRoute} document describes.
 *
 * @param grantType always {@code refresh_token}
 * @param clientId the client's identifier
 * @param clientSecret the presented secret, if the method carries one
 * @param clientAuthMethod the method the client used
 * @param ttl the flow's token lifetime in seconds
 * @param tokenType the flow's token type prefix
 * @param refreshToken the presented {@code refresh_token}
 * @param scope the requested {@code scope}, if any (it may only narrow the original grant)
 * @param dpopJkt the thumbprint of the DPoP proof's key, when the request carried a valid proof
 * @param jwt the flow's JWT helpers, behind {@code createJwtAccessToken}, {@code createIdToken} and
 *     {@code verifyJwt}
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-6">RFC 6749 section 6</a>
 */
public record RefreshTokenContext(
        String grantType,
        String clientId,
        Optional<String> clientSecret,
        ClientAuthenticationMethod clientAuthMethod,
        long ttl,
        String tokenType,
        String refreshToken,
        Optional<String> scope,
        Optional<String> dpopJkt,
        JwtHelpers jwt)
        implements TokenContext {

    @Override
    public Optional<String> requestedScope() {
        return scope();
    }
}
