package io.authdesign.flow;

import io.authdesign.token.GrantType;
import java.util.Optional;

/**
 * A built OAuth 2.0 authorization code flow.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1">RFC 6749 section 4.1</a>
 */
public sealed class OAuth2AuthorizationCode extends OAuth2Flow permits OIDCAuthorizationCode {

    OAuth2AuthorizationCode(FlowSettings settings, Route tokenRoute, Optional<Route> refreshRoute) {
        super(settings, GrantType.AUTHORIZATION_CODE, tokenRoute, refreshRoute);
    }

    @Override
    public boolean isOpenId() {
        return false;
    }
}
