package io.authdesign.flow;

import io.authdesign.client.AssertionMethod;
import io.authdesign.client.ClientAuthMethod;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpResponse;
import io.authdesign.http.OAuth2Responses;
import io.authdesign.internal.Issuer;
import io.authdesign.internal.Json;
import io.authdesign.jwt.SigningAlgorithm;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The discovery documents, built from what a design really serves: RFC 8414 authorization server
 * metadata for every design, OpenID Provider metadata for designs with an OIDC flow. Both merge the flows
 * of a {@link MultipleFlows} (arrays unioned, in {@code add} order) and apply
 * {@code additionalConfiguration} last.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414#section-2">RFC 8414 section 2</a>
 * @see <a href="https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata">OpenID Connect
 *     Discovery section 3</a>
 */
final class Metadata {

    /** The well-known suffix of RFC 8414 section 3. */
    static final String OAUTH_WELL_KNOWN = "/.well-known/oauth-authorization-server";

    /** The well-known path of OpenID Connect Discovery section 4. */
    static final String OPENID_WELL_KNOWN = "/.well-known/openid-configuration";

    /** What the documents are made from. */
    record Source(
            String issuer,
            String tokenPath,
            String jwksPath,
            List<OAuth2Flow> flows,
            Collection<String> grantTypes,
            Map<String, Object> additionalConfiguration) {}

    private Metadata() {}

    /** The RFC 8414 document. */
    static Map<String, Object> oauth(Source source) {
        Map<String, Object> document = common(source);
        return finish(document, source);
    }

    /** The OpenID Provider document. */
    static Map<String, Object> openId(Source source) {
        Map<String, Object> document = common(source);
        document.put("subject_types_supported", List.of("public"));
        Set<String> idTokenAlgorithms = new LinkedHashSet<>();
        source.flows().stream()
                .filter(OAuth2Flow::isOpenId)
                .forEach(flow -> flow.idTokenAlgorithms()
                        .forEach(a -> idTokenAlgorithms.add(a.jws().getName())));
        if (idTokenAlgorithms.isEmpty()) {
            idTokenAlgorithms.add(SigningAlgorithm.RS256.jws().getName());
        }
        document.put("id_token_signing_alg_values_supported", List.copyOf(idTokenAlgorithms));
        // OIDC Core 1.0 section 5.3.2: the flows that sign UserInfo responses do it with their ID token algorithms
        Set<String> userinfoAlgorithms = new LinkedHashSet<>();
        source.flows().stream()
                .filter(OAuth2Flow::signsUserinfo)
                .forEach(flow -> flow.idTokenAlgorithms()
                        .forEach(a -> userinfoAlgorithms.add(a.jws().getName())));
        if (!userinfoAlgorithms.isEmpty()) {
            document.put("userinfo_signing_alg_values_supported", List.copyOf(userinfoAlgorithms));
        }
        document.putIfAbsent("request_parameter_supported", false);
        document.putIfAbsent("request_uri_parameter_supported", false);
        Set<String> claims = new LinkedHashSet<>(
                List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp", "at_hash"));
        source.flows().forEach(flow -> claims.addAll(flow.supportedClaims()));
        document.put("claims_supported", List.copyOf(claims));
        Set<String> acrValues = new LinkedHashSet<>();
        source.flows().forEach(flow -> acrValues.addAll(flow.supportedAcrValues()));
        if (!acrValues.isEmpty()) {
            document.put("acr_values_supported", List.copyOf(acrValues));
        }
        return finish(document, source);
    }

    static boolean hasOpenIdFlow(List<OAuth2Flow> flows) {
        return flows.stream().anyMatch(OAuth2Flow::isOpenId);
    }

    private static Map<String, Object> common(Source source) {
        Set<String> methods = new LinkedHashSet<>();
        Set<String> signingAlgorithms = new LinkedHashSet<>();
        Map<String, String> scopes = new LinkedHashMap<>();
        boolean authorizationCode = false;
        for (OAuth2Flow flow : source.flows()) {
            methods.addAll(flow.getTokenEndpointAuthMethods());
            signingAlgorithms.addAll(assertionAlgorithms(flow.getClientAuthenticationMethods()));
            scopes.putAll(flow.getScopes());
            authorizationCode |= flow instanceof OAuth2AuthorizationCode;
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", source.issuer());
        document.put("token_endpoint", Issuer.url(source.issuer(), source.tokenPath()));
        if (source.jwksPath() != null) {
            document.put("jwks_uri", Issuer.url(source.issuer(), source.jwksPath()));
        }
        document.put("grant_types_supported", List.copyOf(source.grantTypes()));
        document.put("response_types_supported", List.of());
        document.put("token_endpoint_auth_methods_supported", FlowBuilder.inMethodOrder(methods));
        if (!signingAlgorithms.isEmpty()) {
            document.put("token_endpoint_auth_signing_alg_values_supported", List.copyOf(signingAlgorithms));
        }
        if (!scopes.isEmpty()) {
            document.put("scopes_supported", List.copyOf(scopes.keySet()));
        }
        if (authorizationCode) {
            document.put("code_challenge_methods_supported", List.of("S256"));
        }
        LifecycleEndpoints.metadata(document, source.issuer(), source.flows());
        for (OAuth2Flow flow : source.flows()) {
            flow.allMetadata().forEach((name, value) -> merge(document, name, value));
            if (flow.getTokenType() instanceof io.authdesign.dpop.DPoPToken dpop) {
                merge(document, "dpop_signing_alg_values_supported", dpop.algorithms());
            }
        }
        return document;
    }

    /** Lists are unioned in order (kaapi-spec section 7.2), other values replace. */
    private static void merge(Map<String, Object> document, String name, Object value) {
        if (value instanceof List<?> list && document.get(name) instanceof List<?> existing) {
            Set<Object> union = new LinkedHashSet<>(existing);
            union.addAll(list);
            document.put(name, List.copyOf(union));
        } else {
            document.put(name, value);
        }
    }

    static List<String> assertionAlgorithms(List<ClientAuthMethod> methods) {
        List<String> algorithms = new ArrayList<>();
        for (ClientAuthMethod method : methods) {
            if (method instanceof AssertionMethod<?> assertion) {
                algorithms.addAll(assertion.algorithms());
            }
        }
        return algorithms;
    }

    /** Applies the overrides, then prefixes relative userinfo and registration endpoints with the issuer. */
    private static Map<String, Object> finish(Map<String, Object> document, Source source) {
        document.putAll(source.additionalConfiguration());
        for (String member : List.of("userinfo_endpoint", "registration_endpoint")) {
            if (document.get(member) instanceof String path && path.startsWith("/") && !path.startsWith("//")) {
                document.put(member, Issuer.url(source.issuer(), path));
            }
        }
        return document;
    }

    /** The additional configuration of every flow, in order, then the design's own. */
    static Map<String, Object> mergedAdditional(List<OAuth2Flow> flows, Map<String, Object> own) {
        Map<String, Object> merged = new LinkedHashMap<>();
        flows.forEach(flow -> merged.putAll(flow.settings().additionalConfiguration()));
        merged.putAll(own);
        return merged;
    }

    /**
     * The discovery endpoints of a design: RFC 8414 metadata at {@code /.well-known/oauth-authorization-server}
     * (also with the issuer's path appended when it has one, RFC 8414 section 3.1) and, with an OIDC flow,
     * the OpenID Provider metadata at {@code /.well-known/openid-configuration}.
     */
    static List<Endpoint> endpoints(String issuer, Map<String, Object> oauth, Map<String, Object> openId) {
        List<Endpoint> endpoints = new ArrayList<>();
        Endpoint.Handler oauthHandler = document(oauth);
        endpoints.add(new Endpoint("GET", OAUTH_WELL_KNOWN, oauthHandler));
        String issuerPath = Issuer.path(issuer);
        if (!issuerPath.isEmpty()) {
            endpoints.add(new Endpoint("GET", OAUTH_WELL_KNOWN + issuerPath, oauthHandler));
        }
        if (openId != null) {
            endpoints.add(new Endpoint("GET", OPENID_WELL_KNOWN, document(openId)));
        }
        return endpoints;
    }

    private static Endpoint.Handler document(Map<String, Object> document) {
        byte[] body = Json.write(document);
        return request -> HttpResponse.status(200)
                .header("Cache-Control", "public, max-age=300")
                .body(OAuth2Responses.JSON, body)
                .build();
    }
}
