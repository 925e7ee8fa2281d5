package io.authdesign;

import java.util.Objects;

/**
 * An OAuth 2.0 error code: the {@code error} member of an error response. An open registry, so it is a
 * value type with the registered codes as constants; {@link #of(String)} makes an extension code.
 *
 * <p>The constants are those of {@code @kaapi/oauth2-auth-design}'s {@code AllOAuth2ErrorCode} plus the two
 * of RFC 9449.
 *
 * @param value the code as it appears on the wire
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-5.2">RFC 6749 section 5.2</a>
 * @see <a href="https://www.iana.org/assignments/oauth-parameters/oauth-parameters.xhtml#extensions-error">
 *     OAuth Extensions Error Registry</a>
 */
public record OAuth2ErrorCode(String value) {

    /** RFC 6749 section 5.2: the request is missing a parameter, repeats one, or is otherwise malformed. */
    public static final OAuth2ErrorCode INVALID_REQUEST = new OAuth2ErrorCode("invalid_request");
    /** RFC 6749 section 5.2: the client is not allowed to use this grant or response type. */
    public static final OAuth2ErrorCode UNAUTHORIZED_CLIENT = new OAuth2ErrorCode("unauthorized_client");
    /** RFC 6749 section 4.1.2.1: the resource owner or server denied the request. */
    public static final OAuth2ErrorCode ACCESS_DENIED = new OAuth2ErrorCode("access_denied");
    /** RFC 6749 section 4.1.2.1: the response type is not supported. */
    public static final OAuth2ErrorCode UNSUPPORTED_RESPONSE_TYPE = new OAuth2ErrorCode("unsupported_response_type");
    /** RFC 6749 section 5.2: the requested scope is invalid, unknown or malformed. */
    public static final OAuth2ErrorCode INVALID_SCOPE = new OAuth2ErrorCode("invalid_scope");
    /** RFC 6749 section 4.1.2.1: an unexpected condition on the server. */
    public static final OAuth2ErrorCode SERVER_ERROR = new OAuth2ErrorCode("server_error");
    /** RFC 6749 section 4.1.2.1: the server is temporarily unable to handle the request. */
    public static final OAuth2ErrorCode TEMPORARILY_UNAVAILABLE = new OAuth2ErrorCode("temporarily_unavailable");
    /** RFC 6749 section 5.2: client authentication failed. */
    public static final OAuth2ErrorCode INVALID_CLIENT = new OAuth2ErrorCode("invalid_client");
    /** RFC 6749 section 5.2: the grant or refresh token is invalid, expired, revoked or mismatched. */
    public static final OAuth2ErrorCode INVALID_GRANT = new OAuth2ErrorCode("invalid_grant");
    /** RFC 6749 section 5.2: the grant type is not supported by this server. */
    public static final OAuth2ErrorCode UNSUPPORTED_GRANT_TYPE = new OAuth2ErrorCode("unsupported_grant_type");

    /** OpenID Connect Core section 3.1.2.6: the user must log in. */
    public static final OAuth2ErrorCode LOGIN_REQUIRED = new OAuth2ErrorCode("login_required");
    /** OpenID Connect Core section 3.1.2.6: the user must interact with the server. */
    public static final OAuth2ErrorCode INTERACTION_REQUIRED = new OAuth2ErrorCode("interaction_required");
    /** OpenID Connect Core section 3.1.2.6: the user must consent. */
    public static final OAuth2ErrorCode CONSENT_REQUIRED = new OAuth2ErrorCode("consent_required");
    /** Extension of the original package: the user's account is locked. */
    public static final OAuth2ErrorCode ACCOUNT_LOCKED = new OAuth2ErrorCode("account_locked");
    /** Extension of the original package: the user's password has expired. */
    public static final OAuth2ErrorCode PASSWORD_EXPIRED = new OAuth2ErrorCode("password_expired");

    /** RFC 6750 section 3.1: the access token is invalid (resource side). */
    public static final OAuth2ErrorCode INVALID_TOKEN = new OAuth2ErrorCode("invalid_token");
    /** RFC 6750 section 3.1: the access token lacks the required scope (resource side). */
    public static final OAuth2ErrorCode INSUFFICIENT_SCOPE = new OAuth2ErrorCode("insufficient_scope");

    /** RFC 8628 section 3.5: the user has not yet approved the device. */
    public static final OAuth2ErrorCode AUTHORIZATION_PENDING = new OAuth2ErrorCode("authorization_pending");
    /** RFC 8628 section 3.5: the device polls too fast. */
    public static final OAuth2ErrorCode SLOW_DOWN = new OAuth2ErrorCode("slow_down");
    /** RFC 8628 section 3.5: the device code has expired. */
    public static final OAuth2ErrorCode EXPIRED_TOKEN = new OAuth2ErrorCode("expired_token");

    /** RFC 9449 section 5: the DPoP proof is invalid. */
    public static final OAuth2ErrorCode INVALID_DPOP_PROOF = new OAuth2ErrorCode("invalid_dpop_proof");
    /** RFC 9449 section 8: the client must use the server-provided DPoP nonce. */
    public static final OAuth2ErrorCode USE_DPOP_NONCE = new OAuth2ErrorCode("use_dpop_nonce");

    /** RFC 7591 section 3.2.2: a redirect URI of the registration request is invalid. */
    public static final OAuth2ErrorCode INVALID_REDIRECT_URI = new OAuth2ErrorCode("invalid_redirect_uri");
    /** RFC 7591 section 3.2.2: a client metadata value of the registration request is invalid. */
    public static final OAuth2ErrorCode INVALID_CLIENT_METADATA = new OAuth2ErrorCode("invalid_client_metadata");
    /** RFC 7009 section 2.2.1: the server does not revoke tokens of the presented type. */
    public static final OAuth2ErrorCode UNSUPPORTED_TOKEN_TYPE = new OAuth2ErrorCode("unsupported_token_type");

    /**
     * Checks the code against the RFC 6749 grammar: one or more of %x20-21 / %x23-5B / %x5D-7E.
     *
     * @throws IllegalArgumentException when the code is empty or has a character outside that set
     */
    public OAuth2ErrorCode {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || !OAuth2ErrorCode.isErrorText(value)) {
            throw new IllegalArgumentException("Not a valid OAuth 2.0 error code: '" + value + "'");
        }
    }

    /**
     * Returns the code with this wire value (a registered constant or an extension code).
     *
     * @param value the code, such as {@code invalid_grant} or an extension like {@code urn:example:err}
     * @return the code
     */
    public static OAuth2ErrorCode of(String value) {
        return new OAuth2ErrorCode(value);
    }

    /** Whether every character is allowed in {@code error} and {@code error_description} (RFC 6749 5.2). */
    static boolean isErrorText(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isErrorChar(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isErrorChar(char c) {
        return c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
    }

    @Override
    public String toString() {
        return value;
    }
}
