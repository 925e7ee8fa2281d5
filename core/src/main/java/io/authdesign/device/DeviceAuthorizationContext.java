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
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.1">RFC 8628 section 3.1</a>
 */
public record DeviceAuthorizationContext(
        String clientId,
        Optional<String> clientSecret,
        ClientAuthenticationMethod clientAuthMethod,
        Optional<String> scope) {}
