package io.authdesign.token;

import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.jwt.JwtHelpers;
import java.util.Optional;

/**
 * The context of a device access token request (polling).
 *
 * @param grantType always {@code urn:ietf:params:oauth:grant-type:device_code}
 * @param clientId the client's identifier
 * @param clientSecret the presented secret, if the method carries one
 * @param clientAuthMethod the method the client used
 * @param ttl the flow's token lifetime in seconds
 * @param tokenType the flow's token type prefix
 * @param deviceCode the presented {@code device_code}
 * @param dpopJkt the thumbprint of the DPoP proof's key, when the request carried a valid proof
 * @param jwt the flow's JWT helpers, behind {@code createJwtAccessToken}, {@code createIdToken} and
 *     {@code verifyJwt}
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.4">RFC 8628 section 3.4</a>
 */
public record DeviceCodeTokenContext(
        String grantType,
        String clientId,
        Optional<String> clientSecret,
        ClientAuthenticationMethod clientAuthMethod,
        long ttl,
        String tokenType,
        String deviceCode,
        Optional<String> dpopJkt,
        JwtHelpers jwt)
        implements TokenContext {}
