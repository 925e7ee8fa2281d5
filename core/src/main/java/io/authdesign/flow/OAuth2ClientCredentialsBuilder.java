package io.authdesign.flow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an OAuth 2.0 client credentials flow.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.4">RFC 6749 section 4.4</a>
 */
public final class OAuth2ClientCredentialsBuilder extends ClientCredentialsFlowBuilder<OAuth2ClientCredentialsBuilder> {

    private OAuth2ClientCredentialsBuilder(Logger logger) {
        super(logger, false);
    }

    /** Starts a builder that logs to this class's logger. */
    public static OAuth2ClientCredentialsBuilder create() {
        return create(LoggerFactory.getLogger(OAuth2ClientCredentials.class));
    }

    /** Starts a builder that logs to the given logger. */
    public static OAuth2ClientCredentialsBuilder create(Logger logger) {
        return new OAuth2ClientCredentialsBuilder(logger);
    }

    @Override
    OAuth2ClientCredentialsBuilder self() {
        return this;
    }

    @Override
    public OAuth2ClientCredentials build() {
        return build(settings());
    }

    @Override
    OAuth2ClientCredentials build(FlowSettings settings) {
        return new OAuth2ClientCredentials(settings, tokenGrant());
    }
}
