package io.authdesign.flow;

import io.authdesign.token.GrantType;
import java.util.Optional;

/**
 * A built OAuth 2.0 device authorization flow.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628">RFC 8628</a>
 */
public sealed class OAuth2DeviceAuthorization extends OAuth2Flow permits OIDCDeviceAuthorization {

    OAuth2DeviceAuthorization(FlowSettings settings, Route tokenRoute, Optional<Route> refreshRoute) {
        super(settings, GrantType.DEVICE_CODE, tokenRoute, refreshRoute);
    }

    @Override
    public boolean isOpenId() {
        return false;
    }
}
