package io.authdesign.authorize;

import io.authdesign.token.ResponseTypes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated authorization request: the parameters of RFC 6749 section 4.1.1, RFC 7636 and OpenID
 * Connect Core section 3.1.2.1, after the endpoint checked the client, the redirect URI, the response type,
 * the scope syntax and PKCE.
 *
 * @param clientId the client
 * @param redirectUri the redirect URI the response goes to (the registered one when the request had none)
 * @param redirectUriSent whether the request carried {@code redirect_uri} (the token request must then
 *     repeat it, RFC 6749 section 4.1.3)
 * @param responseType {@code code}, or with the implicit opt-in {@code id_token} or {@code id_token token}
 *     (canonical spelling, {@link ResponseTypes})
 * @param scope the requested scopes, in order
 * @param state the {@code state}, if sent
 * @param codeChallenge the PKCE challenge, if sent
 * @param codeChallengeMethod {@code S256} (or {@code plain} when allowed), if a challenge was sent
 * @param nonce the OIDC {@code nonce}, if sent
 * @param prompt the OIDC {@code prompt} values
 * @param maxAge the OIDC {@code max_age} in seconds, if sent
 * @param loginHint the OIDC {@code login_hint}, if sent
 * @param idTokenHint the OIDC {@code id_token_hint}, if sent
 * @param uiLocales the OIDC {@code ui_locales}, if sent
 * @param acrValues the OIDC {@code acr_values}, if sent
 * @param claims the OIDC {@code claims} request (JSON), if sent
 * @param dpopJkt the RFC 9449 {@code dpop_jkt}, if sent
 * @param parameters every parameter of the request as sent
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.1">RFC 6749 section 4.1.1</a>
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest">OpenID Connect Core
 *     section 3.1.2.1</a>
 */
public record AuthorizationRequest(
        String clientId,
        String redirectUri,
        boolean redirectUriSent,
        String responseType,
        Set<String> scope,
        Optional<String> state,
        Optional<String> codeChallenge,
        Optional<String> codeChallengeMethod,
        Optional<String> nonce,
        Set<String> prompt,
        Optional<Long> maxAge,
        Optional<String> loginHint,
        Optional<String> idTokenHint,
        Optional<String> uiLocales,
        Optional<String> acrValues,
        Optional<String> claims,
        Optional<String> dpopJkt,
        Map<String, String> parameters) {

    /** Copies the collections. */
    public AuthorizationRequest {
        scope = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(scope));
        prompt = Set.copyOf(prompt);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * How the response is delivered: {@code query} (the default for {@code code}), {@code fragment} (the
     * default for the implicit response types) or {@code form_post}.
     *
     * @see <a href="https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#ResponseModes">OAuth 2.0
     *     Multiple Response Type Encoding Practices section 2.1</a>
     * @see <a href="https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html">OAuth 2.0 Form Post
     *     Response Mode</a>
     */
    public String responseMode() {
        return parameters.getOrDefault(
                "response_mode", ResponseTypes.isFrontChannel(responseType) ? ResponseTypes.FRAGMENT : "query");
    }

    /**
     * Whether this is an implicit flow request ({@code id_token} or {@code id_token token}): the tokens are
     * returned by the authorization endpoint itself, no code is issued.
     *
     * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ImplicitFlowAuth">OpenID Connect
     *     Core 1.0 section 3.2</a>
     */
    public boolean isImplicit() {
        return !responseType.equals(ResponseTypes.CODE);
    }

    /** The scope as a space-delimited string, or empty. */
    public Optional<String> scopeString() {
        return scope.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", scope));
    }

    /**
     * The {@code resource} the client wants its access tokens for, already checked to be an absolute URI
     * without fragment; whether the client may use it is the handler's decision ({@code invalid_target}).
     *
     * @return the resource indicator, if sent
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8707#section-2.1">RFC 8707 section 2.1</a>
     */
    public Optional<String> resource() {
        return Optional.ofNullable(parameters.get("resource")).filter(value -> !value.isEmpty());
    }

    /** Whether this is an OpenID Connect request (its scope has {@code openid}). */
    public boolean isOpenId() {
        return scope.contains("openid");
    }
}
