package io.authdesign.flow;

import io.authdesign.client.ClientAuthMethod;
import io.authdesign.http.Endpoint;
import io.authdesign.token.GrantType;
import io.authdesign.token.TokenType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A built single-grant auth design, the result of a flow builder's {@code build()}: its token endpoint,
 * an optional separate refresh endpoint, and its metadata document.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749">RFC 6749</a>
 */
public abstract sealed class OAuth2Flow implements AuthDesign
        permits OAuth2AuthorizationCode, OAuth2ClientCredentials, OAuth2DeviceAuthorization {

    /** A grant and the path it is served at. */
    record Route(String path, Grant<?> grant) {}

    private final FlowSettings settings;
    private final GrantType grantType;
    private final Route tokenRoute;
    private final Optional<Route> refreshRoute;

    OAuth2Flow(FlowSettings settings, GrantType grantType, Route tokenRoute, Optional<Route> refreshRoute) {
        this.settings = settings;
        this.grantType = grantType;
        this.tokenRoute = tokenRoute;
        this.refreshRoute = refreshRoute;
    }

    /** The {@code grant_type} this flow issues tokens for. */
    public String grantType() {
        return grantType.value();
    }

    /** Whether this is an OpenID Connect flow. */
    public abstract boolean isOpenId();

    @Override
    public String getIssuer() {
        return settings.issuer();
    }

    /** The strategy name. */
    public String getStrategyName() {
        return settings.strategyName();
    }

    @Override
    public List<String> getStrategyNames() {
        return List.of(settings.strategyName());
    }

    /** The description. */
    public String getDescription() {
        return settings.description();
    }

    @Override
    public Map<String, String> getScopes() {
        return settings.scopes();
    }

    /** The access token lifetime in seconds. */
    public long getTokenTtl() {
        return settings.tokenTtl();
    }

    /** The token type. */
    public TokenType getTokenType() {
        return settings.tokenType();
    }

    /** The token type prefix, such as {@code Bearer}. */
    public String tokenType() {
        return settings.tokenType().prefix();
    }

    /** The enabled client authentication methods' names, in the order the original sorts them. */
    public List<String> getTokenEndpointAuthMethods() {
        return settings.methods().stream().map(m -> m.method().value()).toList();
    }

    /** The enabled client authentication methods. */
    public List<ClientAuthMethod> getClientAuthenticationMethods() {
        return settings.methods();
    }

    /** The token route's path. */
    public String getTokenPath() {
        return tokenRoute.path();
    }

    /** The refresh route's path, when the flow has a refresh route. */
    public Optional<String> getRefreshTokenPath() {
        return refreshRoute.map(Route::path);
    }

    @Override
    public List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new Endpoint("POST", tokenRoute.path(), new TokenEndpoint(tokenGrants(), settings.logger())));
        refreshRoute
                .filter(refresh -> !refresh.path().equals(tokenRoute.path()))
                .ifPresent(refresh -> endpoints.add(new Endpoint(
                        "POST",
                        refresh.path(),
                        new TokenEndpoint(Map.of(refresh.grant().grantType(), refresh.grant()), settings.logger()))));
        endpoints.addAll(Metadata.endpoints(this));
        return List.copyOf(endpoints);
    }

    /** The grants the token endpoint serves: this flow's, plus refresh when it shares the path. */
    Map<String, GrantHandler> tokenGrants() {
        Map<String, GrantHandler> grants = new LinkedHashMap<>();
        grants.put(tokenRoute.grant().grantType(), tokenRoute.grant());
        refreshGrantAt(tokenRoute.path()).ifPresent(refresh -> grants.put(refresh.grantType(), refresh));
        return grants;
    }

    /** The refresh grant, if the flow has one. */
    Optional<Grant<?>> refreshGrant() {
        return refreshRoute.map(Route::grant);
    }

    private Optional<Grant<?>> refreshGrantAt(String path) {
        return refreshRoute.filter(refresh -> refresh.path().equals(path)).map(Route::grant);
    }

    /** The main grant. */
    Grant<?> mainGrant() {
        return tokenRoute.grant();
    }

    FlowSettings settings() {
        return settings;
    }

    @Override
    public Map<String, Object> authorizationServerMetadata() {
        return Metadata.of(this);
    }
}
