package io.authdesign.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.store.ClientLinks;
import io.authdesign.store.ClientSettings;
import io.authdesign.store.RegisteredClient;
import io.authdesign.token.GrantType;
import io.authdesign.token.ResponseTypes;
import io.authdesign.token.Scopes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Client metadata as JSON (RFC 7591 section 2, OpenID Connect Dynamic Client Registration 1.0 section 2):
 * read into a {@link RegisteredClient} checked by the same rules as a configured client and by the
 * server's {@link RegistrationPolicy}, and written back from one. Members the server does not understand
 * are ignored, as RFC 7591 section 2 requires.
 */
final class ClientMetadata {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final String CODE = ResponseTypes.CODE;
    private static final String CODE_GRANT = GrantType.AUTHORIZATION_CODE.value();

    /** The grant type of the implicit response types (OIDC Dynamic Client Registration 1.0 section 2). */
    static final String IMPLICIT_GRANT = "implicit";

    /** A metadata value the server refuses, with its RFC 7591 section 3.2.2 error. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        /** The error to answer. */
        final transient OAuth2Error error;

        Refused(OAuth2ErrorCode code, String description) {
            super(description, null, false, false);
            this.error = OAuth2Error.of(code, description);
        }
    }

    /**
     * Metadata read into a client builder, without secrets nor registration access token (the endpoint adds
     * them).
     *
     * @param client the builder, settings set
     * @param authMethod the token endpoint authentication method
     * @param settings the client's settings
     */
    record Parsed(RegisteredClient.Builder client, String authMethod, ClientSettings settings) {
        /** Whether the method authenticates with a secret the server issues. */
        boolean needsSecret() {
            return authMethod.equals(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.value())
                    || authMethod.equals(ClientAuthenticationMethod.CLIENT_SECRET_POST.value());
        }
    }

    private ClientMetadata() {}

    /** The JSON object of a request body; anything else is refused. */
    static Map<String, Object> parseObject(byte[] body) throws Refused {
        try {
            Object value = JSON.readValue(body, Object.class);
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> object = new LinkedHashMap<>();
                map.forEach((key, member) -> object.put(String.valueOf(key), member));
                return object;
            }
        } catch (java.io.IOException e) {
            throw metadata("The request body is not a JSON object");
        }
        throw metadata("The request body is not a JSON object");
    }

    /** The metadata of a client registered under {@code clientId}. */
    static Parsed read(Map<String, Object> json, String clientId, RegistrationPolicy policy) throws Refused {
        List<String> redirectUris = strings(json, "redirect_uris");
        for (String uri : redirectUris) {
            checkRedirectUri(uri);
        }
        String method = string(json, "token_endpoint_auth_method");
        if (method == null) {
            method = ClientAuthenticationMethod.CLIENT_SECRET_BASIC.value();
        }
        if (!policy.authMethods().contains(method)) {
            throw metadata("token_endpoint_auth_method must be one of " + policy.authMethodList());
        }
        if (method.equals(ClientAuthenticationMethod.CLIENT_SECRET_JWT.value())) {
            throw metadata("client_secret_jwt is not offered to dynamically registered clients");
        }
        Set<String> grantTypes = new LinkedHashSet<>(strings(json, "grant_types"));
        List<String> responseTypes = responseTypes(json, policy);
        if (grantTypes.isEmpty()) {
            // omitted, the grant types follow the response types (RFC 7591 section 2.1), authorization_code alone
            // when those are omitted too
            if (json.get("response_types") == null) {
                grantTypes.add(CODE_GRANT);
            }
            responseTypes.forEach(type -> grantTypes.add(type.equals(CODE) ? CODE_GRANT : IMPLICIT_GRANT));
        }
        for (String grantType : grantTypes) {
            if (!policy.grantTypes().contains(grantType)) {
                throw metadata("grant_types must be among " + policy.grantTypes());
            }
        }
        // omitted, response_types follows the grant types (RFC 7591 section 2.1 ties code to authorization_code)
        boolean codeGrant = grantTypes.contains(CODE_GRANT);
        if (json.get("response_types") == null) {
            responseTypes = codeGrant ? List.of(CODE) : List.of();
        }
        // RFC 7591 section 2.1: response type code goes with the authorization_code grant, and OIDC Dynamic
        // Client Registration 1.0 section 2: id_token and id_token token with the implicit grant
        if (responseTypes.contains(CODE) != codeGrant) {
            throw metadata("response_types 'code' and grant_types 'authorization_code' go together");
        }
        boolean implicitTypes = responseTypes.stream().anyMatch(type -> !type.equals(CODE));
        if (implicitTypes != grantTypes.contains(IMPLICIT_GRANT)) {
            throw metadata("response_types 'id_token' or 'id_token token' and grant_types 'implicit' go together");
        }
        String applicationType = string(json, "application_type");
        if (applicationType != null && !applicationType.equals("web") && !applicationType.equals("native")) {
            throw metadata("application_type must be web or native");
        }
        if (!"native".equals(applicationType) && grantTypes.contains(IMPLICIT_GRANT)) {
            // OpenID Connect Dynamic Client Registration 1.0 section 2 (application_type): a web client of the
            // implicit grant registers https redirect URIs only
            for (String uri : redirectUris) {
                checkImplicitWebRedirectUri(uri);
            }
        }
        RegisteredClient.Builder client = RegisteredClient.builder(clientId)
                .authMethods(method)
                .grantTypes(grantTypes.toArray(String[]::new))
                .redirectUris(redirectUris.toArray(String[]::new))
                .scopes(scopes(json, policy).toArray(String[]::new))
                .dpopBoundAccessTokens(bool(json, "dpop_bound_access_tokens"));
        String name = string(json, "client_name");
        if (name != null) {
            client.clientName(name);
        }
        if (json.get("jwks") != null) {
            if (!(json.get("jwks") instanceof Map<?, ?> jwks)) {
                throw metadata("jwks must be a JWK Set object");
            }
            try {
                client.jwks(JSON.writeValueAsString(jwks));
            } catch (JsonProcessingException e) {
                throw metadata("jwks must be a JWK Set object");
            }
        }
        String jwksUri = string(json, "jwks_uri");
        if (jwksUri != null) {
            client.jwksUri(jwksUri);
        }
        if (!method.equals(ClientAuthenticationMethod.NONE.value())) {
            client.withoutPkceRequirement();
        }
        ClientSettings settings = settings(json, policy, responseTypes);
        client.settings(settings);
        return new Parsed(client, method, settings);
    }

    /** The scopes asked for, all offered; all the offered ones when none is asked for. */
    private static Set<String> scopes(Map<String, Object> json, RegistrationPolicy policy) throws Refused {
        String scope = string(json, "scope");
        if (scope == null) {
            return policy.scopes();
        }
        if (!Scopes.isWellFormed(scope)) {
            throw metadata("scope is malformed");
        }
        Set<String> scopes = Scopes.parse(scope);
        for (String value : scopes) {
            if (!policy.scopes().contains(value)) {
                throw metadata("scope must be among " + policy.scopes());
            }
        }
        return scopes;
    }

    /**
     * The response types asked for, in canonical spelling: {@code code}, and {@code id_token} and {@code
     * id_token token} only where the policy offers them (RFC 9700 section 2.1.2 leaves them off by default).
     */
    private static List<String> responseTypes(Map<String, Object> json, RegistrationPolicy policy) throws Refused {
        List<String> responseTypes = new ArrayList<>();
        for (String value : strings(json, "response_types")) {
            Optional<String> canonical = ResponseTypes.canonical(value)
                    .filter(type -> type.equals(CODE) || policy.responseTypes().contains(type));
            if (canonical.isEmpty()) {
                throw metadata(
                        policy.responseTypes().isEmpty()
                                ? "Only the response type 'code' is offered (RFC 9700 section 2.1.2)"
                                : "response_types must be among code, " + String.join(", ", policy.responseTypes()));
            }
            if (!responseTypes.contains(canonical.get())) {
                responseTypes.add(canonical.get());
            }
        }
        return responseTypes;
    }

    private static ClientSettings settings(
            Map<String, Object> json, RegistrationPolicy policy, List<String> responseTypes) throws Refused {
        String alg = signingAlgorithm(json, "id_token_signed_response_alg", policy);
        // OIDC Core 1.0 section 5.3.2: the server signs UserInfo responses with the keys of its ID tokens
        String userinfoAlg = signingAlgorithm(json, "userinfo_signed_response_alg", policy);
        try {
            return ClientSettings.builder()
                    .idTokenSignedResponseAlg(alg)
                    .userinfoSignedResponseAlg(userinfoAlg)
                    .requirePushedAuthorizationRequests(bool(json, "require_pushed_authorization_requests"))
                    .postLogoutRedirectUris(
                            strings(json, "post_logout_redirect_uris").toArray(String[]::new))
                    .backchannelLogoutUri(string(json, "backchannel_logout_uri"))
                    .backchannelLogoutSessionRequired(bool(json, "backchannel_logout_session_required"))
                    .requestUris(strings(json, "request_uris").toArray(String[]::new))
                    .responseTypes(responseTypes.toArray(String[]::new))
                    // RFC 7591 section 2: shown to the user, so absolute https URLs only (ClientLinks)
                    .links(new ClientLinks(
                            string(json, "client_uri"),
                            string(json, "logo_uri"),
                            string(json, "policy_uri"),
                            string(json, "tos_uri")))
                    .build();
        } catch (IllegalArgumentException e) {
            throw metadata(e.getMessage());
        }
    }

    /** A signing algorithm member: absent, or one the server signs with ({@code none} is not). */
    private static String signingAlgorithm(Map<String, Object> json, String name, RegistrationPolicy policy)
            throws Refused {
        String alg = string(json, name);
        if (alg != null && !policy.idTokenAlgorithms().contains(alg)) {
            throw metadata(name + " must be one of " + policy.idTokenAlgorithms());
        }
        return alg;
    }

    /**
     * A redirect URI by the rules of a configured client: a client registered with it alone must build
     * (RFC 7591 section 2, RFC 8252 sections 7.1 and 7.3).
     */
    private static void checkRedirectUri(String uri) throws Refused {
        try {
            RegisteredClient.builder("redirect-uri-check").redirectUris(uri).build();
        } catch (IllegalArgumentException e) {
            throw new Refused(OAuth2ErrorCode.INVALID_REDIRECT_URI, "The redirect URI is not allowed: " + uri);
        }
    }

    /**
     * A redirect URI of a web client that uses the implicit grant must be {@code https}, since the tokens travel in
     * its fragment (OpenID Connect Dynamic Client Registration 1.0 section 2). The same section's "not localhost" is
     * not enforced: a test deployment (the OpenID Foundation's suite run on one machine among them) serves its
     * callbacks on {@code https://localhost}.
     */
    private static void checkImplicitWebRedirectUri(String uri) throws Refused {
        if (!uri.regionMatches(true, 0, "https:", 0, "https:".length())) {
            throw new Refused(
                    OAuth2ErrorCode.INVALID_REDIRECT_URI,
                    "A web client of the implicit grant registers https redirect URIs only"
                            + " (OpenID Connect Dynamic Client Registration 1.0 section 2): " + uri);
        }
    }

    /** The client's metadata as registered (RFC 7591 section 3.2.1). */
    static Map<String, Object> write(RegisteredClient client) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("client_id", client.clientId());
        json.put("token_endpoint_auth_method", client.authMethods().iterator().next());
        json.put("grant_types", List.copyOf(client.grantTypes()));
        json.put(
                "response_types",
                !client.settings().responseTypes().isEmpty()
                        ? client.settings().responseTypes()
                        : client.allowsGrantType(CODE_GRANT) ? List.of(CODE) : List.of());
        json.put("redirect_uris", client.redirectUris());
        json.put("scope", String.join(" ", client.scopes()));
        if (client.clientName() != null) {
            json.put("client_name", client.clientName());
        }
        if (client.jwks() != null) {
            try {
                json.put("jwks", JSON.readValue(client.jwks(), Object.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A registered jwks is not JSON", e);
            }
        }
        if (client.jwksUri() != null) {
            json.put("jwks_uri", client.jwksUri());
        }
        ClientSettings settings = client.settings();
        if (settings.idTokenSignedResponseAlg() != null) {
            json.put("id_token_signed_response_alg", settings.idTokenSignedResponseAlg());
        }
        if (settings.userinfoSignedResponseAlg() != null) {
            json.put("userinfo_signed_response_alg", settings.userinfoSignedResponseAlg());
        }
        if (!settings.postLogoutRedirectUris().isEmpty()) {
            json.put("post_logout_redirect_uris", settings.postLogoutRedirectUris());
        }
        if (settings.backchannelLogoutUri() != null) {
            json.put("backchannel_logout_uri", settings.backchannelLogoutUri());
            json.put("backchannel_logout_session_required", settings.backchannelLogoutSessionRequired());
        }
        if (!settings.requestUris().isEmpty()) {
            json.put("request_uris", settings.requestUris());
        }
        putIfSet(json, "client_uri", settings.links().clientUri());
        putIfSet(json, "logo_uri", settings.links().logoUri());
        putIfSet(json, "policy_uri", settings.links().policyUri());
        putIfSet(json, "tos_uri", settings.links().tosUri());
        json.put("require_pushed_authorization_requests", settings.requirePushedAuthorizationRequests());
        json.put("dpop_bound_access_tokens", client.dpopBoundAccessTokens());
        return json;
    }

    private static void putIfSet(Map<String, Object> json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    static String string(Map<String, Object> json, String name) throws Refused {
        Object value = json.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isEmpty()) {
            throw metadata(name + " must be a non-empty string");
        }
        return text;
    }

    private static boolean bool(Map<String, Object> json, String name) throws Refused {
        Object value = json.get(name);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean flag)) {
            throw metadata(name + " must be true or false");
        }
        return flag;
    }

    private static List<String> strings(Map<String, Object> json, String name) throws Refused {
        Object value = json.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw metadata(name + " must be an array of strings");
        }
        List<String> strings = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String text) || text.isEmpty()) {
                throw metadata(name + " must be an array of strings");
            }
            strings.add(text);
        }
        return strings;
    }

    static Refused metadata(String description) {
        return new Refused(OAuth2ErrorCode.INVALID_CLIENT_METADATA, description);
    }
}
