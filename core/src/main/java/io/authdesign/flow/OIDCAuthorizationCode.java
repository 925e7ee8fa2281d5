package io.authdesign.flow;

import java.util.Optional;

/**
 * A built OpenID Connect authorization code flow.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth">OpenID Connect Core
 *     section 3.1</a>
 */
public final class OIDCAuthorizationCode extends OAuth2AuthorizationCode {

    OIDCAuthorizationCode(
            FlowSettings settings,
            Route tokenRoute,
            Optional<Route> refreshRoute,
            io.authdesign.authorize.AuthorizationRoute authorizationRoute) {
        super(settings, tokenRoute, refreshRoute, authorizationRoute);
    }

    @Override
    public boolean isOpenId() {
        return true;
    }
}
