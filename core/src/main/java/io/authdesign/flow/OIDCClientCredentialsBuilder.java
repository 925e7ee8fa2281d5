package io.authdesign.flow;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the OpenID Connect variant of the client credentials flow (with the {@code openid} scope).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.4">RFC 6749 section 4.4</a>
 */
public final class OIDCClientCredentialsBuilder extends ClientCredentialsFlowBuilder<OIDCClientCredentialsBuilder> {

    private OIDCClientCredentialsBuilder(Logger logger) {
        super(logger, true);
    }

    /** Starts a builder that logs to this class's logger. */
    public static OIDCClientCredentialsBuilder create() {
        return create(LoggerFactory.getLogger(OIDCClientCredentials.class));
    }

    /** Starts a builder that logs to the given logger. */
    public static OIDCClientCredentialsBuilder create(Logger logger) {
        return new OIDCClientCredentialsBuilder(logger);
    }

    /**
     * Sets discovery members merged last into the metadata documents (overriding computed ones), replacing
     * an earlier call's map. A {@code userinfo_endpoint} or {@code registration_endpoint} that starts with
     * a single {@code /} is prefixed with the issuer.
     *
     * @param configuration the members
     * @return this builder
     * @see <a href="https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata">OpenID
     *     Connect Discovery section 3</a>
     */
    public OIDCClientCredentialsBuilder additionalConfiguration(Map<String, ?> configuration) {
        setAdditionalConfiguration(configuration);
        return this;
    }

    @Override
    OIDCClientCredentialsBuilder self() {
        return this;
    }

    @Override
    public OIDCClientCredentials build() {
        return build(settings());
    }

    @Override
    OIDCClientCredentials build(FlowSettings settings) {
        return new OIDCClientCredentials(settings, tokenGrant());
    }
}
