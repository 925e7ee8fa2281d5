package io.authdesign.flow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an OAuth 2.0 authorization code flow.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1">RFC 6749 section 4.1</a>
 */
public final class OAuth2AuthorizationCodeBuilder extends AuthorizationCodeFlowBuilder<OAuth2AuthorizationCodeBuilder> {

    private OAuth2AuthorizationCodeBuilder(Logger logger) {
        super(logger, false);
    }

    /** Starts a builder that logs to this class's logger. */
    public static OAuth2AuthorizationCodeBuilder create() {
        return create(LoggerFactory.getLogger(OAuth2AuthorizationCode.class));
    }

    /** Starts a builder that logs to the given logger. */
    public static OAuth2AuthorizationCodeBuilder create(Logger logger) {
        return new OAuth2AuthorizationCodeBuilder(logger);
    }

    @Override
    OAuth2AuthorizationCodeBuilder self() {
        return this;
    }

    @Override
    public OAuth2AuthorizationCode build() {
        return build(settings());
    }

    @Override
    OAuth2AuthorizationCode build(FlowSettings settings) {
        return new OAuth2AuthorizationCode(settings, tokenGrant(), refreshGrant(), checkedAuthorizationRoute());
    }
}
