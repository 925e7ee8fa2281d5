package io.authdesign.flow;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.TokenResult;
import io.authdesign.client.ClientAuthResult;
import io.authdesign.dpop.DPoPResult;
import io.authdesign.http.Endpoint;
import io.authdesign.http.FormRequest;
import io.authdesign.http.HttpRequest;
import io.authdesign.jwt.JwtAuthority;
import io.authdesign.keys.JwksRoute;
import io.authdesign.resource.AuthResult;
import io.authdesign.resource.ResourceAuthenticator;
import io.authdesign.token.GrantType;
import io.authdesign.token.TokenType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private final Map<String, GrantHandler> grants;

    MultipleFlows(
            String issuer,
            String tokenPath,
            List<OAuth2Flow> flows,
            JwtAuthority authority,
            JwksRoute jwksRoute,
            Map<String, Object> additionalConfiguration,
            Logger logger) {
        this.issuer = issuer;
        this.tokenPath = tokenPath;
        this.flows = List.copyOf(flows);
        this.authority = authority;
        this.jwksRoute = jwksRoute;
        this.additionalConfiguration = additionalConfiguration;
        this.logger = logger;
        this.grants = collectGrants(this.flows);
    }

    private static Map<String, GrantHandler> collectGrants(List<OAuth2Flow> flows) {
        Map<String, GrantHandler> grants = new LinkedHashMap<>();
        for (OAuth2Flow flow : flows) {
            if (grants.putIfAbsent(flow.grantType(), flow.mainGrant()) != null) {
                throw new IllegalStateException("Two flows of a MultipleFlows issue the grant type '" + flow.grantType()
                        + "': add one flow per grant type");
            }
        }
        List<Grant<?>> refreshGrants = new ArrayList<>();
        flows.forEach(flow -> flow.refreshGrant().ifPresent(refreshGrants::add));
        if (!refreshGrants.isEmpty()) {
            grants.put(GrantType.REFRESH_TOKEN.value(), request -> refresh(refreshGrants, request));
        }
        return grants;
    }

    /** Asks each flow's refresh handler in turn (the fix of the original's bug B5). */
    private static TokenResult refresh(List<Grant<?>> refreshGrants, FormRequest request) {
        OAuth2Error authError = null;
        boolean authenticated = false;
        Map<TokenType, Grant.Proof> proofs = new IdentityHashMap<>();
        for (Grant<?> grant : refreshGrants) {
            switch (grant.authenticator().authenticate(request)) {
                case ClientAuthResult.Rejected rejected -> {
                    if (authError == null) {
                        authError = rejected.error();
                    }
                }
                case ClientAuthResult.Authenticated client -> {
                    authenticated = true;
                    TokenResult result = grant.handleAuthenticated(request, client.client(), proofs);
                    if (result != TokenResult.CONTINUE) {
                        return result;
                    }
                }
                case ClientAuthResult.NotApplicable ignored -> {}
            }
        }
        if (authenticated || authError == null) {
            return OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, "The refresh token was not accepted");
        }
        return authError;
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

    Map<String, GrantHandler> tokenGrants() {
        return grants;
    }

    @Override
    public List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        flows.forEach(flow -> endpoints.addAll(flow.ownEndpoints()));
        endpoints.add(new Endpoint("POST", tokenPath, new TokenEndpoint(grants, logger)));
        endpoints.add(JwksEndpoint.endpoint(authority, jwksRoute));
        endpoints.addAll(Metadata.endpoints(issuer, authorizationServerMetadata(), openIdConfiguration()));
        return List.copyOf(endpoints);
    }

    private Metadata.Source metadataSource() {
        return new Metadata.Source(
                issuer,
                tokenPath,
                jwksRoute.getPath(),
                flows,
                grants.keySet(),
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

    @Override
    public Optional<JwtAuthority> jwtAuthority() {
        return Optional.of(authority);
    }

    /**
     * Tries each flow's resource authentication in {@code add} order (each with its own token type and
     * validator); the first that authenticates wins, then the required scopes are checked. When none
     * does, the first flow's refusal is sent. A DPoP proof refused by a flow ends the search.
     */
    @Override
    public ResourceAuthenticator authenticator() {
        return this::authenticate;
    }

    private AuthResult authenticate(HttpRequest request, Set<String> requiredScopes) {
        AuthResult first = null;
        Map<TokenType, DPoPResult> proofs = new IdentityHashMap<>();
        for (OAuth2Flow flow : flows) {
            AuthResult result = flow.bearerAuthenticator().authenticateToken(request, proofs);
            if (proofs.values().stream().anyMatch(proof -> !(proof instanceof DPoPResult.Valid))) {
                // A proof one flow refused (invalid, replayed, or without the nonce) is refused by all:
                // else a flow with its own replay store would accept a proof replayed to another.
                return result;
            }
            if (result instanceof AuthResult.Authenticated authenticated) {
                return authenticated.credentials().hasScopes(requiredScopes)
                        ? authenticated
                        : flow.bearerAuthenticator().insufficientScope(request, requiredScopes);
            }
            if (first == null) {
                first = result;
            }
        }
        return first;
    }
}
