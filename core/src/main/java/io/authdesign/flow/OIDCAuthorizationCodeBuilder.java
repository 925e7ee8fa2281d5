package io.authdesign.flow;

import io.authdesign.resource.UserinfoRoute;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an OpenID Connect authorization code flow: the OAuth 2.0 flow with the {@code openid} scope.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth">OpenID Connect Core
 *     section 3.1</a>
 */
public final class OIDCAuthorizationCodeBuilder extends AuthorizationCodeFlowBuilder<OIDCAuthorizationCodeBuilder> {

    private OIDCAuthorizationCodeBuilder(Logger logger) {
        super(logger, true);
    }

    /** Starts a builder that logs to this class's logger. */
    public static OIDCAuthorizationCodeBuilder create() {
        return create(LoggerFactory.getLogger(OIDCAuthorizationCode.class));
    }

    /** Starts a builder that logs to the given logger. */
    public static OIDCAuthorizationCodeBuilder create(Logger logger) {
        return new OIDCAuthorizationCodeBuilder(logger);
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
    public OIDCAuthorizationCodeBuilder additionalConfiguration(Map<String, ?> configuration) {
        setAdditionalConfiguration(configuration);
        return this;
    }

    /**
     * Adds user claims this flow releases (to userinfo or ID tokens) to {@code claims_supported} in the
     * discovery document; the ready flows add the standard claims of the scopes they release.
     *
     * @param claims claim names
     * @return this builder
     * @see <a href="https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata">OpenID
     *     Connect Discovery section 3</a>
     */
    public OIDCAuthorizationCodeBuilder addClaimsSupported(Collection<String> claims) {
        addSupportedClaims(claims);
        return this;
    }

    /**
     * Adds the authentication context class references ({@code acr}) this flow's sign-ins state in ID tokens
     * to {@code acr_values_supported} in the discovery document, so that a client asks with {@code
     * acr_values} for one the server can achieve; {@link io.authdesign.ready.ReadyAuthorizationCodeFlow}
     * adds the values of its {@code acrForMethod}.
     *
     * @param values {@code acr} values
     * @return this builder
     * @see <a href="https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata">OpenID
     *     Connect Discovery section 3</a>
     */
    public OIDCAuthorizationCodeBuilder addAcrValuesSupported(Collection<String> values) {
        addSupportedAcrValues(values);
        return this;
    }

    /**
     * Serves the OpenID Connect userinfo endpoint (default {@code /oauth2/userinfo}, GET and POST): the
     * handler returns the claims of the user a Bearer access token with the {@code openid} scope stands for.
     *
     * @param configure receives the route
     * @return this builder
     * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#UserInfo">OpenID Connect Core
     *     section 5.3</a>
     */
    public OIDCAuthorizationCodeBuilder userinfoRoute(Consumer<UserinfoRoute> configure) {
        configureUserinfoRoute(configure);
        return this;
    }

    @Override
    OIDCAuthorizationCodeBuilder self() {
        return this;
    }

    @Override
    public OIDCAuthorizationCode build() {
        return build(settings());
    }

    @Override
    OIDCAuthorizationCode build(FlowSettings settings) {
        return new OIDCAuthorizationCode(settings, tokenGrant(), refreshGrant(), checkedAuthorizationRoute());
    }
}
