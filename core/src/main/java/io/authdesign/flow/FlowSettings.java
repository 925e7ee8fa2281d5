package io.authdesign.flow;

import io.authdesign.client.ClientAuthContext;
import io.authdesign.client.ClientAuthMethod;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.jwt.JwtAuthority;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.keys.JwksRoute;
import io.authdesign.resource.TokenValidator;
import io.authdesign.resource.UserinfoRoute;
import io.authdesign.token.TokenType;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * What a flow builder accumulated, checked and copied at {@code build()}.
 *
 * @param tokenEndpointPath the shared token path under a MultipleFlows, or {@code null}
 * @param authority the signing authority, or {@code null} when the flow has no keys
 * @param jwksRoute the JWKS route, or {@code null}
 * @param validator the resource-side validator, or {@code null}
 */
record FlowSettings(
        String issuer,
        Logger logger,
        String strategyName,
        String description,
        Map<String, String> scopes,
        List<ClientAuthMethod> methods,
        TokenType tokenType,
        long tokenTtl,
        boolean openId,
        Clock clock,
        String tokenEndpointPath,
        JwtAuthority authority,
        SigningAlgorithm accessTokenAlgorithm,
        List<String> audiences,
        JwksRoute jwksRoute,
        boolean useAccessTokenJwks,
        TokenValidator validator,
        Map<String, Object> additionalConfiguration,
        UserinfoRoute userinfoRoute) {

    FlowSettings {
        scopes = Collections.unmodifiableMap(new LinkedHashMap<>(scopes));
        methods = List.copyOf(methods);
        audiences = List.copyOf(audiences);
        additionalConfiguration = Collections.unmodifiableMap(new LinkedHashMap<>(additionalConfiguration));
    }

    /** The path where the token endpoint of a route at {@code routePath} is really served. */
    String endpointPath(String routePath) {
        return tokenEndpointPath != null ? tokenEndpointPath : routePath;
    }

    ClientAuthenticator authenticator(String routePath) {
        return new ClientAuthenticator(
                methods, new ClientAuthContext(issuer, Issuer.url(issuer, endpointPath(routePath)), clock));
    }

    /** A client authenticator for an endpoint served at exactly {@code path} (not the token path). */
    ClientAuthenticator authenticatorAt(String path) {
        return new ClientAuthenticator(methods, new ClientAuthContext(issuer, Issuer.url(issuer, path), clock));
    }

    JwtHelpers jwt() {
        return new JwtHelpers(
                authority, issuer, accessTokenAlgorithm, SigningAlgorithm.RS256, tokenTtl, audiences, openId, clock);
    }
}
