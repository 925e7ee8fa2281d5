package io.authdesign.flow;

import io.authdesign.client.ClientAuthenticator;
import io.authdesign.device.DeviceAuthorizationEndpoint;
import io.authdesign.device.DeviceAuthorizationRoute;
import io.authdesign.http.Endpoint;
import io.authdesign.internal.Issuer;
import io.authdesign.token.GrantType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A built OAuth 2.0 device authorization flow.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628">RFC 8628</a>
 */
public sealed class OAuth2DeviceAuthorization extends OAuth2Flow permits OIDCDeviceAuthorization {

    private final DeviceAuthorizationRoute deviceRoute;

    OAuth2DeviceAuthorization(
            FlowSettings settings,
            Route tokenRoute,
            Optional<Route> refreshRoute,
            DeviceAuthorizationRoute deviceRoute) {
        super(settings, GrantType.DEVICE_CODE, tokenRoute, refreshRoute);
        this.deviceRoute = deviceRoute;
    }

    /** The device authorization endpoint's path, when the flow has one. */
    public Optional<String> getDeviceAuthorizationPath() {
        return Optional.ofNullable(deviceRoute).map(DeviceAuthorizationRoute::getPath);
    }

    @Override
    List<Endpoint> interactionEndpoints() {
        if (deviceRoute == null) {
            return List.of();
        }
        return List.of(new Endpoint(
                "POST",
                deviceRoute.getPath(),
                new DeviceAuthorizationEndpoint(
                        deviceRoute,
                        new ClientAuthenticator(
                                settings().methods(), settings().clientAuthContext(deviceRoute.getPath())),
                        settings().logger())));
    }

    @Override
    Map<String, Object> metadata() {
        return deviceRoute == null
                ? Map.of()
                : Map.of("device_authorization_endpoint", Issuer.url(getIssuer(), deviceRoute.getPath()));
    }

    /** OpenAPI 3.1 has no device flow: the extension {@value SecurityScheme#DEVICE_FLOW} carries it. */
    @Override
    String oauthFlowKey() {
        return SecurityScheme.DEVICE_FLOW;
    }

    @Override
    void oauthFlowUrls(Map<String, Object> flow) {
        getDeviceAuthorizationPath()
                .ifPresent(path -> flow.put("deviceAuthorizationUrl", Issuer.url(getIssuer(), path)));
    }

    @Override
    public boolean isOpenId() {
        return false;
    }
}
