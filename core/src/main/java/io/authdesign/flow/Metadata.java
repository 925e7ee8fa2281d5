package io.authdesign.flow;

import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpResponse;
import io.authdesign.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authorization server metadata document (RFC 8414), built from what a design really serves.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414">RFC 8414</a>
 */
final class Metadata {

    /** The well-known suffix of RFC 8414 section 3. */
    static final String WELL_KNOWN = "/.well-known/oauth-authorization-server";

    private Metadata() {}

    /** The metadata of one flow. */
    static Map<String, Object> of(OAuth2Flow flow) {
        Set<String> grants = new LinkedHashSet<>(flow.tokenGrants().keySet());
        return document(flow.getIssuer(), flow.getTokenPath(), List.of(flow), grants);
    }

    /** The metadata of several flows behind one token endpoint. */
    static Map<String, Object> of(MultipleFlows flows) {
        return document(
                flows.getIssuer(),
                flows.getTokenPath(),
                flows.getFlows(),
                flows.tokenGrants().keySet());
    }

    private static Map<String, Object> document(
            String issuer, String tokenPath, List<OAuth2Flow> flows, Set<String> grantTypes) {
        Set<String> methods = new LinkedHashSet<>();
        Map<String, String> scopes = new LinkedHashMap<>();
        for (OAuth2Flow flow : flows) {
            methods.addAll(flow.getTokenEndpointAuthMethods());
            scopes.putAll(flow.getScopes());
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("token_endpoint", Issuer.url(issuer, tokenPath));
        document.put("grant_types_supported", List.copyOf(grantTypes));
        document.put("response_types_supported", List.of());
        document.put("token_endpoint_auth_methods_supported", List.copyOf(methods));
        if (!scopes.isEmpty()) {
            document.put("scopes_supported", List.copyOf(scopes.keySet()));
        }
        return document;
    }

    /**
     * The metadata endpoints: at {@code /.well-known/oauth-authorization-server}, and also with the
     * issuer's path appended when it has one (RFC 8414 section 3.1).
     */
    static List<Endpoint> endpoints(AuthDesign design) {
        byte[] body = Json.write(design.authorizationServerMetadata());
        Endpoint.Handler handler = request -> HttpResponse.status(200)
                .header("Cache-Control", "public, max-age=300")
                .body(OAuth2Responses.JSON, body)
                .build();
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new Endpoint("GET", WELL_KNOWN, handler));
        String issuerPath = Issuer.path(design.getIssuer());
        if (!issuerPath.isEmpty()) {
            endpoints.add(new Endpoint("GET", WELL_KNOWN + issuerPath, handler));
        }
        return endpoints;
    }
}
