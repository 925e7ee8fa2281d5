package io.authdesign.flow;

import java.util.Optional;

/**
 * A built OpenID Connect device authorization flow.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628">RFC 8628</a>
 */
public final class OIDCDeviceAuthorization extends OAuth2DeviceAuthorization {

    OIDCDeviceAuthorization(
            FlowSettings settings,
            Route tokenRoute,
            Optional<Route> refreshRoute,
            io.authdesign.device.DeviceAuthorizationRoute deviceRoute) {
        super(settings, tokenRoute, refreshRoute, deviceRoute);
    }

    @Override
    public boolean isOpenId() {
        return true;
    }
}
