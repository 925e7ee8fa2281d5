package io.authdesign.flow;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.device.DeviceAuthorizationRoute;
import io.authdesign.token.DeviceCodeTokenContext;
import io.authdesign.token.TokenGrant;
import io.authdesign.token.TokenRoute;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The device authorization flow's builder methods, shared by {@link OAuth2DeviceAuthorizationBuilder} and
 * {@link OIDCDeviceAuthorizationBuilder}.
 *
 * @param <B> the concrete builder
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628">RFC 8628</a>
 */
public abstract class DeviceAuthorizationFlowBuilder<B extends DeviceAuthorizationFlowBuilder<B>>
        extends RefreshableFlowBuilder<B> {

    /** The default strategy name. */
    public static final String DEFAULT_STRATEGY_NAME = "oauth2-device-authorization";

    private final TokenRoute<DeviceCodeTokenContext> tokenRoute = new TokenRoute<>((context, request) ->
            OAuth2Error.of(OAuth2ErrorCode.ACCESS_DENIED, "No token handler is configured for this grant"));

    private DeviceAuthorizationRoute deviceRoute;

    DeviceAuthorizationFlowBuilder(Logger logger, boolean openId) {
        super(logger, DEFAULT_STRATEGY_NAME, openId);
    }

    /**
     * Configures the device authorization endpoint (default {@code /oauth2/devicecode}): its path and the
     * {@code generateCode} handler that issues device and user codes to authenticated clients.
     *
     * @param configure receives the route
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.1">RFC 8628 section 3.1</a>
     */
    public B authorizationRoute(Consumer<DeviceAuthorizationRoute> configure) {
        if (deviceRoute == null) {
            deviceRoute = new DeviceAuthorizationRoute();
        }
        Objects.requireNonNull(configure, "configure").accept(deviceRoute);
        return self();
    }

    DeviceAuthorizationRoute deviceRoute() {
        return deviceRoute;
    }

    /**
     * Configures the token route of the device code grant: path (default {@code /oauth2/token}) and the
     * {@code generateToken} handler, which receives a {@link DeviceCodeTokenContext} and answers polls
     * with tokens or {@code authorization_pending}, {@code slow_down}, {@code expired_token},
     * {@code access_denied}.
     *
     * @param configure receives the route
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.4">RFC 8628 section 3.4</a>
     */
    public B tokenRoute(Consumer<TokenRoute<DeviceCodeTokenContext>> configure) {
        Objects.requireNonNull(configure, "configure").accept(tokenRoute);
        return self();
    }

    OAuth2Flow.Route tokenGrant() {
        return new OAuth2Flow.Route(tokenRoute.getPath(), TokenGrant.deviceCode(tokenRoute.getGenerator()));
    }
}
