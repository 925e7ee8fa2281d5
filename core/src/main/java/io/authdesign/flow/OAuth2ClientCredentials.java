package io.authdesign.flow;

import io.authdesign.token.GrantType;
import java.util.Optional;

/**
 * A built OAuth 2.0 client credentials flow.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.4">RFC 6749 section 4.4</a>
 */
public sealed class OAuth2ClientCredentials extends OAuth2Flow permits OIDCClientCredentials {

    OAuth2ClientCredentials(FlowSettings settings, Route tokenRoute) {
        super(settings, GrantType.CLIENT_CREDENTIALS, tokenRoute, Optional.empty());
    }

    @Override
    String oauthFlowKey() {
        return "clientCredentials";
    }

    @Override
    public boolean isOpenId() {
        return false;
    }
}
