package io.authdesign.flow;

import io.authdesign.authorize.AuthorizationEndpoint;
import io.authdesign.authorize.AuthorizationRoute;
import io.authdesign.authorize.PushedAuthorizationEndpoint;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.http.Endpoint;
import io.authdesign.internal.Issuer;
import io.authdesign.token.GrantType;
import io.authdesign.token.ResponseTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A built OAuth 2.0 authorization code flow.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1">RFC 6749 section 4.1</a>
 */
public sealed class OAuth2AuthorizationCode extends OAuth2Flow permits OIDCAuthorizationCode {

    private final AuthorizationRoute authorizationRoute;

    OAuth2AuthorizationCode(
            FlowSettings settings,
            Route tokenRoute,
            Optional<Route> refreshRoute,
            AuthorizationRoute authorizationRoute) {
        super(settings, GrantType.AUTHORIZATION_CODE, tokenRoute, refreshRoute);
        this.authorizationRoute = authorizationRoute;
    }

    /** The authorization endpoint's path, when the flow has an authorization route. */
    public Optional<String> getAuthorizationPath() {
        return Optional.ofNullable(authorizationRoute).map(AuthorizationRoute::getPath);
    }

    @Override
    List<Endpoint> interactionEndpoints() {
        if (authorizationRoute == null) {
            return List.of();
        }
        AuthorizationEndpoint endpoint = new AuthorizationEndpoint(
                authorizationRoute,
                getIssuer(),
                settings().clock(),
                settings().logger(),
                settings().jwt());
        List<Endpoint> endpoints = new ArrayList<>(List.of(
                new Endpoint("GET", authorizationRoute.getPath(), endpoint),
                new Endpoint("POST", authorizationRoute.getPath(), endpoint)));
        authorizationRoute.getPushedAuthorizationRequests().ifPresent(pushed -> {
            String path = pushed.getPath();
            endpoints.add(new Endpoint(
                    "POST",
                    path,
                    new PushedAuthorizationEndpoint(
                            authorizationRoute,
                            new ClientAuthenticator(
                                    settings().methods(), settings().clientAuthContext(path)),
                            settings().tokenType(),
                            Issuer.url(getIssuer(), path),
                            getIssuer(),
                            settings().clock(),
                            settings().logger())));
        });
        return endpoints;
    }

    @Override
    Map<String, Object> metadata() {
        if (authorizationRoute == null) {
            return Map.of();
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("authorization_endpoint", Issuer.url(getIssuer(), authorizationRoute.getPath()));
        if (authorizationRoute.isImplicitAllowed()) {
            // OpenID Connect Discovery 1.0 section 3, only with the opt-in (RFC 9700 section 2.1.2)
            List<String> types = new ArrayList<>(List.of(ResponseTypes.CODE));
            types.addAll(ResponseTypes.IMPLICIT);
            metadata.put("response_types_supported", types);
            metadata.put("response_modes_supported", List.of("query", ResponseTypes.FRAGMENT, "form_post"));
            metadata.put("grant_types_supported", List.of("implicit"));
        } else {
            metadata.put("response_types_supported", List.of(ResponseTypes.CODE));
            metadata.put("response_modes_supported", List.of("query", "form_post"));
        }
        metadata.put("authorization_response_iss_parameter_supported", true);
        authorizationRoute.getRequestObjects().ifPresent(objects -> {
            metadata.put("request_parameter_supported", true);
            metadata.put("request_object_signing_alg_values_supported", objects.getAlgorithmNames());
            if (objects.getRequestUris().isPresent()) {
                metadata.put("request_uri_parameter_supported", true);
                metadata.put("require_request_uri_registration", true);
            }
        });
        authorizationRoute.getPushedAuthorizationRequests().ifPresent(pushed -> {
            metadata.put("pushed_authorization_request_endpoint", Issuer.url(getIssuer(), pushed.getPath()));
            metadata.put("require_pushed_authorization_requests", pushed.isRequired());
        });
        metadata.put(
                "code_challenge_methods_supported",
                authorizationRoute.isPlainPkceAllowed() ? List.of("S256", "plain") : List.of("S256"));
        return metadata;
    }

    @Override
    String oauthFlowKey() {
        return "authorizationCode";
    }

    @Override
    void oauthFlowUrls(Map<String, Object> flow) {
        getAuthorizationPath().ifPresent(path -> flow.put("authorizationUrl", Issuer.url(getIssuer(), path)));
    }

    @Override
    public boolean isOpenId() {
        return false;
    }
}
