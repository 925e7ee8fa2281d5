package io.authdesign.flow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an OAuth 2.0 device authorization flow.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628">RFC 8628</a>
 */
public final class OAuth2DeviceAuthorizationBuilder
        extends DeviceAuthorizationFlowBuilder<OAuth2DeviceAuthorizationBuilder> {

    private OAuth2DeviceAuthorizationBuilder(Logger logger) {
        super(logger, false);
    }

    /** Starts a builder that logs to this class's logger. */
    public static OAuth2DeviceAuthorizationBuilder create() {
        return create(LoggerFactory.getLogger(OAuth2DeviceAuthorization.class));
    }

    /** Starts a builder that logs to the given logger. */
    public static OAuth2DeviceAuthorizationBuilder create(Logger logger) {
        return new OAuth2DeviceAuthorizationBuilder(logger);
    }

    @Override
    OAuth2DeviceAuthorizationBuilder self() {
        return this;
    }

    @Override
    public OAuth2DeviceAuthorization build() {
        return build(settings());
    }

    @Override
    OAuth2DeviceAuthorization build(FlowSettings settings) {
        return new OAuth2DeviceAuthorization(settings, tokenGrant(), refreshGrant(), deviceRoute());
    }
}
