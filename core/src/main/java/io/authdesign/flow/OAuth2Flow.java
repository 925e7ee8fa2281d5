package io.authdesign.flow;

import io.authdesign.TokenType;
import io.authdesign.client.ClientAuthMethod;
import io.authdesign.http.Endpoint;
import io.authdesign.internal.Issuer;
import io.authdesign.jwt.JwtAuthority;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.keys.JwksEndpoint;
import io.authdesign.observe.AuthEvent;
import io.authdesign.observe.AuthEventListener;
import io.authdesign.observe.ObservedEndpoints;
import io.authdesign.resource.BearerAuthenticator;
import io.authdesign.resource.ResourceAuthenticator;
import io.authdesign.resource.UserinfoEndpoint;
import io.authdesign.token.GrantRegistry;
import io.authdesign.token.GrantType;
import io.authdesign.token.TokenEndpoint;
import io.authdesign.token.TokenGrant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A built single-grant auth design, the result of a flow builder's {@code build()}: its token endpoint,
 * an optional separate refresh endpoint, its keys and JWKS, its discovery documents and the authenticator
 * of its protected routes.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749">RFC 6749</a>
 */
public abstract sealed class OAuth2Flow implements AuthDesign
        permits OAuth2AuthorizationCode, OAuth2ClientCredentials, OAuth2DeviceAuthorization {

    /** A grant and the path it is served at. */
    record Route(String path, TokenGrant<?> grant) {}

    private final FlowSettings settings;
    private final GrantType grantType;
    private final Route tokenRoute;
    private final Optional<Route> refreshRoute;
    private final BearerAuthenticator authenticator;

    OAuth2Flow(FlowSettings settings, GrantType grantType, Route tokenRoute, Optional<Route> refreshRoute) {
        this.settings = settings;
        this.grantType = grantType;
        this.tokenRoute = tokenRoute;
        this.refreshRoute = refreshRoute;
        BearerAuthenticator.Builder resource = BearerAuthenticator.builder()
                .tokenType(settings.tokenType())
                .validator(settings.validator())
                .issuer(settings.issuer())
                .clock(settings.clock())
                .logger(settings.logger());
        if (settings.useAccessTokenJwks()) {
            resource.verifyJwt(settings.jwt());
        }
        if (settings.revocations() != null) {
            resource.revocations(settings.revocations(), settings.clock());
        }
        this.authenticator = resource.build();
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
    public Optional<JwtAuthority> jwtAuthority() {
        return Optional.ofNullable(settings.authority());
    }

    @Override
    public ResourceAuthenticator authenticator() {
        return authenticator;
    }

    /**
     * The design as an OpenAPI security scheme named by its strategy name and described by its description:
     * an OpenID Connect flow is an {@code openIdConnect} scheme, an OAuth 2.0 flow an {@code oauth2} scheme
     * with its flow (the original's {@code docs()}).
     */
    @Override
    public SecurityScheme docs() {
        if (isOpenId()) {
            return SecurityScheme.openIdConnect(getStrategyName(), getDescription(), getIssuer());
        }
        Map<String, Object> flow = new LinkedHashMap<>();
        oauthFlowUrls(flow);
        flow.put("tokenUrl", Issuer.url(getIssuer(), getTokenPath()));
        getRefreshTokenPath().ifPresent(path -> flow.put("refreshUrl", Issuer.url(getIssuer(), path)));
        flow.put("scopes", getScopes());
        return SecurityScheme.oauth2(getStrategyName(), getDescription(), oauthFlowKey(), flow);
    }

    /** The key of this flow in an OpenAPI OAuth Flows Object. */
    abstract String oauthFlowKey();

    /** Adds the flow's own URLs (authorization or device authorization) to its OpenAPI OAuth Flow Object. */
    void oauthFlowUrls(Map<String, Object> flow) {}

    BearerAuthenticator bearerAuthenticator() {
        return authenticator;
    }

    /** The flow's interactive endpoints (authorization, device authorization), served under MultipleFlows too. */
    List<Endpoint> interactionEndpoints() {
        return List.of();
    }

    /** What the flow adds to the discovery documents (its interactive endpoints). */
    Map<String, Object> metadata() {
        return Map.of();
    }

    /** The endpoints the flow serves besides the token endpoint, also under MultipleFlows. */
    List<Endpoint> ownEndpoints() {
        List<Endpoint> endpoints = new ArrayList<>(interactionEndpoints());
        if (settings.userinfoRoute() != null) {
            UserinfoEndpoint userinfo = new UserinfoEndpoint(
                    settings.userinfoRoute(),
                    authenticator,
                    settings.tokenType().prefix(),
                    settings.logger(),
                    signsUserinfo() ? settings.jwt() : null);
            endpoints.add(new Endpoint("GET", settings.userinfoRoute().getPath(), userinfo));
            endpoints.add(new Endpoint("POST", settings.userinfoRoute().getPath(), userinfo));
        }
        return endpoints;
    }

    /**
     * Whether the flow signs UserInfo responses for the clients that ask: an OIDC flow with keys whose
     * userinfo route was given a {@link io.authdesign.resource.UserinfoRoute#signResponses lookup}.
     */
    boolean signsUserinfo() {
        return isOpenId()
                && settings.authority() != null
                && settings.userinfoRoute() != null
                && settings.userinfoRoute().signsResponses();
    }

    /** Every discovery member the flow contributes. */
    Map<String, Object> allMetadata() {
        Map<String, Object> metadata = new LinkedHashMap<>(metadata());
        if (settings.userinfoRoute() != null) {
            metadata.put(
                    "userinfo_endpoint",
                    Issuer.url(getIssuer(), settings.userinfoRoute().getPath()));
        }
        return metadata;
    }

    @Override
    public List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        // the token endpoint first: an adapter that tries routes in registration order (Javalin, which
        // matches each route tried before the right one with a regular expression) finds the most
        // requested endpoint at once
        endpoints.add(tokenEndpoint(tokenRoute.path(), grants()));
        endpoints.addAll(ownEndpoints());
        refreshRoute
                .filter(refresh -> !refresh.path().equals(tokenRoute.path()))
                .ifPresent(refresh -> endpoints.add(tokenEndpoint(
                        refresh.path(),
                        GrantRegistry.builder()
                                .add(refresh.grant(), settings.grantSettings())
                                .build())));
        if (settings.authority() != null && settings.jwksRoute() != null) {
            endpoints.add(JwksEndpoint.endpoint(settings.authority().keyRing().lifecycle(), settings.jwksRoute()));
        }
        endpoints.addAll(LifecycleEndpoints.endpoints(getIssuer(), List.of(this), settings.logger()));
        endpoints.addAll(Metadata.endpoints(getIssuer(), authorizationServerMetadata(), openIdConfiguration()));
        return List.copyOf(ObservedEndpoints.observe(endpoints, settings.events()));
    }

    private Endpoint tokenEndpoint(String path, GrantRegistry grants) {
        return new Endpoint(
                "POST",
                path,
                new TokenEndpoint(grants, settings.clientAuthContext(path), settings.logger(), settings.events()));
    }

    /** Rotates as {@link AuthDesign#checkAndRotateKeys()}, reporting a rotation as {@link AuthEvent.KeysRotated}. */
    @Override
    public boolean checkAndRotateKeys() {
        boolean rotated = AuthDesign.super.checkAndRotateKeys();
        if (rotated) {
            AuthEventListener.publish(settings.events(), new AuthEvent.KeysRotated());
        }
        return rotated;
    }

    /** Generates keys as {@link AuthDesign#generateKeyPair()}, reporting it as {@link AuthEvent.KeysRotated}. */
    @Override
    public void generateKeyPair() {
        AuthDesign.super.generateKeyPair();
        AuthEventListener.publish(settings.events(), new AuthEvent.KeysRotated());
    }

    /**
     * The grants served at the token endpoint: this flow's grant, its extension grants, and refresh when
     * it shares the token path.
     */
    @Override
    public GrantRegistry grants() {
        GrantRegistry.Builder grants = GrantRegistry.builder();
        mainGrants(grants);
        refreshRoute
                .filter(refresh -> refresh.path().equals(tokenRoute.path()))
                .ifPresent(refresh -> grants.add(refresh.grant(), settings.grantSettings()));
        return grants.build();
    }

    /** Registers this flow's grant and extension grants. */
    void mainGrants(GrantRegistry.Builder grants) {
        grants.add(tokenRoute.grant(), settings.grantSettings());
        settings.extensionGrants().forEach(grant -> grants.add(grant, settings.grantSettings()));
    }

    /** Registers this flow's refresh grant, if it has one. */
    void refreshGrant(GrantRegistry.Builder grants) {
        refreshRoute.ifPresent(refresh -> grants.add(refresh.grant(), settings.grantSettings()));
    }

    /** The algorithms this flow signs ID tokens with, the default first. */
    List<SigningAlgorithm> idTokenAlgorithms() {
        return settings.idTokenAlgorithms();
    }

    /** The user claims this flow releases, for {@code claims_supported}. */
    Set<String> supportedClaims() {
        return settings.supportedClaims();
    }

    /** The {@code acr} values this flow's sign-ins state, for {@code acr_values_supported}. */
    Set<String> supportedAcrValues() {
        return settings.supportedAcrValues();
    }

    FlowSettings settings() {
        return settings;
    }

    private Metadata.Source metadataSource() {
        String jwksPath = settings.authority() != null && settings.jwksRoute() != null
                ? settings.jwksRoute().getPath()
                : null;
        return new Metadata.Source(
                getIssuer(),
                getTokenPath(),
                jwksPath,
                List.of(this),
                grants().grantTypes(),
                settings.additionalConfiguration());
    }

    @Override
    public Map<String, Object> authorizationServerMetadata() {
        return Metadata.oauth(metadataSource());
    }

    @Override
    public Map<String, Object> openIdConfiguration() {
        return isOpenId() ? Metadata.openId(metadataSource()) : null;
    }
}
