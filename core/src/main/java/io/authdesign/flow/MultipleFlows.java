package io.authdesign.flow;

import io.authdesign.TokenResult;
import io.authdesign.client.ClientAuthContext;
import io.authdesign.http.Endpoint;
import io.authdesign.internal.Issuer;
import io.authdesign.jwt.JwtAuthority;
import io.authdesign.keys.JwksEndpoint;
import io.authdesign.keys.JwksRoute;
import io.authdesign.observe.AuthEvent;
import io.authdesign.observe.AuthEventListener;
import io.authdesign.observe.ObservedEndpoints;
import io.authdesign.resource.BearerAuthenticator;
import io.authdesign.resource.ResourceAuthenticator;
import io.authdesign.token.GrantRegistry;
import io.authdesign.token.TokenEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;

/**
 * Several flows behind one token endpoint. A grant type is served by the flow that issues it; a
 * {@code refresh_token} request goes to each flow with a refresh route in turn, in {@code add} order,
 * skipping flows whose client authentication methods do not accept the request, until one handler returns
 * something other than {@link TokenResult#CONTINUE}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-6">RFC 6749 section 6</a>
 */
public final class MultipleFlows implements AuthDesign {

    private final String issuer;
    private final String tokenPath;
    private final List<OAuth2Flow> flows;
    private final JwtAuthority authority;
    private final JwksRoute jwksRoute;
    private final Map<String, Object> additionalConfiguration;
    private final Logger logger;
    private final String securitySchemeName;
    private final String description;
    private final GrantRegistry grants;
    private final List<Endpoint> extraEndpoints;
    private final ResourceAuthenticator authenticator;
    private final AuthEventListener events;

    MultipleFlows(
            String issuer,
            String tokenPath,
            List<OAuth2Flow> flows,
            JwtAuthority authority,
            JwksRoute jwksRoute,
            Map<String, Object> additionalConfiguration,
            List<Endpoint> extraEndpoints,
            Logger logger,
            String securitySchemeName,
            String description,
            AuthEventListener events) {
        this.events = events;
        this.extraEndpoints = List.copyOf(extraEndpoints);
        this.issuer = issuer;
        this.tokenPath = tokenPath;
        this.flows = List.copyOf(flows);
        this.authority = authority;
        this.jwksRoute = jwksRoute;
        this.additionalConfiguration = additionalConfiguration;
        this.logger = logger;
        this.securitySchemeName = securitySchemeName;
        this.description = description;
        this.grants = mergeGrants(this.flows);
        this.authenticator = BearerAuthenticator.firstOf(
                this.flows.stream().map(OAuth2Flow::bearerAuthenticator).toList());
    }

    /**
     * Every flow's grants and extension grants, then every flow's refresh grant in {@code add} order: a
     * refresh request is authenticated once and its handlers asked in turn (the fix of the original's bug
     * B5).
     */
    private static GrantRegistry mergeGrants(List<OAuth2Flow> flows) {
        GrantRegistry.Builder grants = GrantRegistry.builder();
        flows.forEach(flow -> flow.mainGrants(grants));
        flows.forEach(flow -> flow.refreshGrant(grants));
        return grants.build();
    }

    /** Rotates as {@link AuthDesign#checkAndRotateKeys()}, reporting a rotation as {@link AuthEvent.KeysRotated}. */
    @Override
    public boolean checkAndRotateKeys() {
        boolean rotated = authority.keyRing().checkAndRotateKeys();
        if (rotated) {
            AuthEventListener.publish(events, new AuthEvent.KeysRotated());
        }
        return rotated;
    }

    /**
     * As {@link #checkAndRotateKeys()}, returning once the rotation is decided and the generation of its keys
     * has begun ({@link io.authdesign.jwt.KeyRing#checkAndRotateKeysAsync()}): a server can listen while
     * its first keys are made, and a token waits for its own algorithm's key only.
     *
     * @return whether keys were rotated, once every new key is stored
     */
    public CompletableFuture<Boolean> checkAndRotateKeysAsync() {
        return authority.keyRing().checkAndRotateKeysAsync().thenApply(rotated -> {
            if (rotated) {
                AuthEventListener.publish(events, new AuthEvent.KeysRotated());
            }
            return rotated;
        });
    }

    /** Generates keys as {@link AuthDesign#generateKeyPair()}, reporting it as {@link AuthEvent.KeysRotated}. */
    @Override
    public void generateKeyPair() {
        authority.keyRing().generateKeyPair();
        AuthEventListener.publish(events, new AuthEvent.KeysRotated());
    }

    @Override
    public String getIssuer() {
        return issuer;
    }

    /** The shared token endpoint path. */
    public String getTokenPath() {
        return tokenPath;
    }

    /** The composed flows, in {@code add} order. */
    public List<OAuth2Flow> getFlows() {
        return flows;
    }

    @Override
    public List<String> getStrategyNames() {
        return flows.stream().map(OAuth2Flow::getStrategyName).toList();
    }

    @Override
    public Map<String, String> getScopes() {
        Map<String, String> scopes = new LinkedHashMap<>();
        flows.forEach(flow -> scopes.putAll(flow.getScopes()));
        return scopes;
    }

    @Override
    public GrantRegistry grants() {
        return grants;
    }

    @Override
    public List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        // the token endpoint first: an adapter that tries routes in registration order (Javalin, which
        // matches each route tried before the right one with a regular expression) finds the most
        // requested endpoint at once
        endpoints.add(new Endpoint(
                "POST",
                tokenPath,
                new TokenEndpoint(
                        grants,
                        new ClientAuthContext(
                                issuer,
                                Issuer.url(issuer, tokenPath),
                                authority.keyRing().lifecycle().clock()),
                        logger,
                        events)));
        flows.forEach(flow -> endpoints.addAll(flow.ownEndpoints()));
        endpoints.add(JwksEndpoint.endpoint(authority.keyRing().lifecycle(), jwksRoute));
        endpoints.addAll(LifecycleEndpoints.endpoints(issuer, flows, logger));
        endpoints.addAll(Metadata.endpoints(issuer, authorizationServerMetadata(), openIdConfiguration()));
        endpoints.addAll(extraEndpoints);
        return List.copyOf(ObservedEndpoints.observe(endpoints, events));
    }

    private Metadata.Source metadataSource() {
        return new Metadata.Source(
                issuer,
                tokenPath,
                jwksRoute.getPath(),
                flows,
                grants.grantTypes(),
                Metadata.mergedAdditional(flows, additionalConfiguration));
    }

    @Override
    public Map<String, Object> authorizationServerMetadata() {
        return Metadata.oauth(metadataSource());
    }

    @Override
    public Map<String, Object> openIdConfiguration() {
        return Metadata.hasOpenIdFlow(flows) ? Metadata.openId(metadataSource()) : null;
    }

    /**
     * An {@code openIdConnect} scheme named by {@code setSecuritySchemeName} (default {@value
     * MultipleFlowsBuilder#DEFAULT_SECURITY_SCHEME_NAME}) and described by {@code setDescription}.
     */
    @Override
    public SecurityScheme docs() {
        return SecurityScheme.openIdConnect(securitySchemeName, description, issuer);
    }

    @Override
    public Optional<JwtAuthority> jwtAuthority() {
        return Optional.of(authority);
    }

    /**
     * Tries each flow's resource authentication in {@code add} order (each with its own token type and
     * validator); the first that authenticates wins, then the required scopes are checked. When none
     * does, the first flow's refusal is sent. A DPoP proof is checked once, and a proof refused ends the
     * search.
     */
    @Override
    public ResourceAuthenticator authenticator() {
        return authenticator;
    }
}
