package io.authdesign.flow;

/**
 * A built OpenID Connect client credentials flow.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.4">RFC 6749 section 4.4</a>
 */
public final class OIDCClientCredentials extends OAuth2ClientCredentials {

    OIDCClientCredentials(FlowSettings settings, Route tokenRoute) {
        super(settings, tokenRoute);
    }

    @Override
    public boolean isOpenId() {
        return true;
    }
}
