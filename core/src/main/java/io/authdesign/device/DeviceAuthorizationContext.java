package io.authdesign.device;

import io.authdesign.client.ClientAuthenticationMethod;
import java.util.Optional;

/**
 * What the device authorization handler receives: the authenticated client and the requested scope.
 *
 * @param clientId the client
 * @param clientSecret the presented secret, if any (compare it in constant time)
 * @param clientAuthMethod the method the client used
 * @param scope the requested {@code scope}, if any
 * @param issuerAudience whether the client authenticated with a JWT assertion whose {@code aud} is the issuer
 *     identifier alone, as FAPI 2.0 Security Profile section 5.3.2.1 requires of its clients
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.1">RFC 8628 section 3.1</a>
 */
public record DeviceAuthorizationContext(
        String clientId,
        Optional<String> clientSecret,
        ClientAuthenticationMethod clientAuthMethod,
        Optional<String> scope,
        boolean issuerAudience) {

    /**
     * A context whose client did not authenticate with an assertion addressed to the issuer alone.
     *
     * @param clientId the client
     * @param clientSecret the presented secret, if any
     * @param clientAuthMethod the method the client used
     * @param scope the requested {@code scope}, if any
     */
    public DeviceAuthorizationContext(
            String clientId,
            Optional<String> clientSecret,
            ClientAuthenticationMethod clientAuthMethod,
            Optional<String> scope) {
        this(clientId, clientSecret, clientAuthMethod, scope, false);
    }
}
