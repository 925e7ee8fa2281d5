package io.authdesign.authorize;

import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.http.FormParameters;
import io.authdesign.token.Pkce;
import io.authdesign.token.ResourceIndicators;
import io.authdesign.token.ResponseTypes;
import io.authdesign.token.Scopes;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of an authorization request that come after the redirect URI is trusted, so that their
 * errors are redirected to the client: each a single rule, in order.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1">RFC 6749 section 4.1.2.1</a>
 */
final class AuthorizationChecks {

    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");

    private AuthorizationChecks() {}

    static AuthorizationRequest check(
            FormParameters params,
            String clientId,
            ClientCheck.Valid client,
            boolean redirectSent,
            boolean plainAllowed,
            boolean implicitAllowed)
            throws OAuth2Exception {
        noRequestObject(params);
        String responseType = responseType(params, implicitAllowed);
        boolean implicit = !responseType.equals(ResponseTypes.CODE);
        responseMode(params, implicit, implicitAllowed);
        Set<String> scope = scope(params);
        resource(params);
        if (implicit) {
            implicitRequest(params, scope);
        }
        // PKCE protects the code exchange; the implicit flow has none, so its request carries no challenge
        Optional<String> challenge = implicit ? Optional.empty() : params.get("code_challenge");
        Optional<String> method = implicit
                ? Optional.empty()
                : Pkce.checkChallenge(
                        challenge, params.get("code_challenge_method"), client.requirePkce(), plainAllowed);
        Set<String> prompt = prompt(params);
        Optional<Long> maxAge = maxAge(params);
        return new AuthorizationRequest(
                clientId,
                client.redirectUri(),
                redirectSent,
                responseType,
                scope,
                params.get("state"),
                challenge,
                method,
                params.get("nonce"),
                prompt,
                maxAge,
                params.get("login_hint"),
                params.get("id_token_hint"),
                params.get("ui_locales"),
                params.get("acr_values"),
                params.get("claims"),
                params.get("dpop_jkt"),
                params.asMap());
    }

    /** OpenID Connect Core 6: request objects are not supported here. */
    private static void noRequestObject(FormParameters params) throws OAuth2Exception {
        if (params.has("request")) {
            throw new OAuth2Exception(OAuth2ErrorCode.of("request_not_supported"), "Request objects are not supported");
        }
        if (params.has("request_uri")) {
            throw new OAuth2Exception(
                    OAuth2ErrorCode.of("request_uri_not_supported"), "The request_uri parameter is not supported");
        }
    }

    /**
     * RFC 6749 section 3.1.1: {@code code}, or with the opt-in the implicit {@code id_token} and {@code
     * id_token token} (in any word order), in their canonical spelling.
     */
    private static String responseType(FormParameters params, boolean implicitAllowed) throws OAuth2Exception {
        String type = params.get("response_type")
                .orElseThrow(() -> new OAuth2Exception(
                        OAuth2ErrorCode.INVALID_REQUEST, "The request is missing the 'response_type' parameter"));
        Optional<String> known = ResponseTypes.canonical(type)
                .filter(canonical -> canonical.equals(ResponseTypes.CODE) || implicitAllowed);
        if (known.isEmpty()) {
            throw new OAuth2Exception(
                    OAuth2ErrorCode.UNSUPPORTED_RESPONSE_TYPE,
                    implicitAllowed
                            ? "The response type must be 'code', 'id_token' or 'id_token token'"
                            : "Only the 'code' response type is supported");
        }
        return known.get();
    }

    /**
     * {@code query} or {@code form_post}, and {@code fragment} with the implicit opt-in; OAuth 2.0 Multiple
     * Response Type Encoding Practices section 5: never {@code query} for a response type that returns tokens.
     */
    private static void responseMode(FormParameters params, boolean implicit, boolean implicitAllowed)
            throws OAuth2Exception {
        Optional<String> mode = params.get("response_mode");
        if (mode.isEmpty()) {
            return;
        }
        boolean known = mode.get().equals("query")
                || mode.get().equals(FormPostResponse.MODE)
                || (implicitAllowed && mode.get().equals(ResponseTypes.FRAGMENT));
        if (!known) {
            throw new OAuth2Exception(
                    OAuth2ErrorCode.INVALID_REQUEST,
                    implicitAllowed
                            ? "The response mode must be 'query', 'fragment' or 'form_post'"
                            : "The response mode must be 'query' or 'form_post'");
        }
        if (implicit && mode.get().equals("query")) {
            throw new OAuth2Exception(
                    OAuth2ErrorCode.INVALID_REQUEST, "The response mode 'query' is not allowed for this response type");
        }
    }

    /**
     * OpenID Connect Core 1.0 section 3.2.2.1: an implicit request is an OpenID Connect request and carries
     * a {@code nonce}, which binds the ID token to the client's session against replay.
     */
    private static void implicitRequest(FormParameters params, Set<String> scope) throws OAuth2Exception {
        if (!scope.contains("openid")) {
            throw new OAuth2Exception(
                    OAuth2ErrorCode.INVALID_SCOPE, "The implicit response types need the 'openid' scope");
        }
        if (params.get("nonce").isEmpty()) {
            throw new OAuth2Exception(
                    OAuth2ErrorCode.INVALID_REQUEST, "The implicit response types need the 'nonce' parameter");
        }
    }

    /** RFC 8707 section 2: an absolute URI without fragment; whether the client may use it is the handler's. */
    private static void resource(FormParameters params) throws OAuth2Exception {
        if (params.get(ResourceIndicators.PARAMETER)
                .filter(resource -> !ResourceIndicators.isWellFormed(resource))
                .isPresent()) {
            throw new OAuth2Exception(ResourceIndicators.MALFORMED);
        }
    }

    private static Set<String> scope(FormParameters params) throws OAuth2Exception {
        Optional<String> scope = params.get("scope");
        if (scope.isEmpty()) {
            return Set.of();
        }
        if (!Scopes.isWellFormed(scope.get())) {
            throw new OAuth2Exception(OAuth2ErrorCode.INVALID_SCOPE, "The scope parameter is malformed");
        }
        return Scopes.parse(scope.get());
    }

    private static Set<String> prompt(FormParameters params) throws OAuth2Exception {
        Optional<String> prompt = params.get("prompt");
        if (prompt.isEmpty()) {
            return Set.of();
        }
        Set<String> values = new LinkedHashSet<>(Scopes.parse(prompt.get()));
        if (!PROMPTS.containsAll(values)) {
            throw new OAuth2Exception(OAuth2ErrorCode.INVALID_REQUEST, "Unknown prompt value");
        }
        if (values.contains("none") && values.size() > 1) {
            throw new OAuth2Exception(
                    OAuth2ErrorCode.INVALID_REQUEST, "prompt=none cannot be combined with other values");
        }
        return values;
    }

    private static Optional<Long> maxAge(FormParameters params) throws OAuth2Exception {
        Optional<String> maxAge = params.get("max_age");
        if (maxAge.isEmpty()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(maxAge.get());
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return Optional.of(seconds);
        } catch (NumberFormatException e) {
            throw new OAuth2Exception(OAuth2ErrorCode.INVALID_REQUEST, "max_age must be a non-negative integer");
        }
    }
}
