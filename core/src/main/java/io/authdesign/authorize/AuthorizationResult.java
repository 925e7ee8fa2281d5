package io.authdesign.authorize;

import io.authdesign.OAuth2Error;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code generateCode} decides: issue a code, continue the interaction (render another step such as
 * consent), deny, or answer with an error such as OIDC's {@code login_required}. Returning {@code null}
 * instead means "not signed in": the sign-in page is shown again (with a 401 after a failed POST).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2">RFC 6749 section 4.1.2</a>
 */
public sealed interface AuthorizationResult
        permits AuthorizationResult.Code,
                AuthorizationResult.Tokens,
                AuthorizationResult.Continue,
                AuthorizationResult.Deny,
                AuthorizationResult.Error {

    /** Redirect to the client with this authorization code. */
    static AuthorizationResult code(String value) {
        return new Code(value);
    }

    /**
     * Redirect to the client with the tokens of an implicit flow request ({@code id_token}, {@code id_token
     * token}); the endpoint refuses a result that does not match the request's response type.
     *
     * @param tokens the tokens
     * @return the result
     * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ImplicitAuthResponse">OpenID Connect
     *     Core 1.0 section 3.2.2.5</a>
     */
    static AuthorizationResult tokens(Tokens tokens) {
        return tokens;
    }

    /** Continue the interaction: the finaliser (by default the GET renderer) shows the next step. */
    static AuthorizationResult continueAuthorization() {
        return new Continue(null);
    }

    /** Continue the interaction, carrying a value for the finaliser. */
    static AuthorizationResult continueAuthorization(Object value) {
        return new Continue(value);
    }

    /** Redirect to the client with {@code access_denied}. */
    static AuthorizationResult deny() {
        return new Deny(null);
    }

    /** Redirect to the client with this error (for example {@code login_required} for {@code prompt=none}). */
    static AuthorizationResult error(OAuth2Error error) {
        return new Error(error);
    }

    /**
     * An authorization code.
     *
     * @param value the code; never empty
     */
    record Code(String value) implements AuthorizationResult {
        /** Validates the code. */
        public Code {
            Objects.requireNonNull(value, "value");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("An authorization code must not be empty");
            }
        }
    }

    /**
     * The tokens of an implicit flow response (OpenID Connect Core 1.0 section 3.2.2.5): an ID token, and for
     * {@code id_token token} an access token with its type and lifetime. Never a refresh token (RFC 6749
     * section 4.2.2).
     *
     * @param idToken the ID token
     * @param accessToken the access token, for {@code id_token token}
     * @param tokenType the access token's type, such as {@code Bearer}, with an access token
     * @param expiresIn the access token's lifetime in seconds, with an access token
     * @param scope the granted scope when it differs from the requested one (RFC 6749 section 4.2.2)
     */
    record Tokens(
            String idToken,
            Optional<String> accessToken,
            Optional<String> tokenType,
            Optional<Long> expiresIn,
            Optional<String> scope)
            implements AuthorizationResult {
        /** Validates: an ID token, and an access token only with its type and lifetime. */
        public Tokens {
            Objects.requireNonNull(idToken, "idToken");
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(tokenType, "tokenType");
            Objects.requireNonNull(expiresIn, "expiresIn");
            Objects.requireNonNull(scope, "scope");
            if (idToken.isEmpty()) {
                throw new IllegalArgumentException("An ID token must not be empty");
            }
            if (accessToken.isPresent() != tokenType.isPresent() || accessToken.isPresent() != expiresIn.isPresent()) {
                throw new IllegalArgumentException("An access token goes with its token type and lifetime");
            }
        }
    }

    /**
     * Another interaction step.
     *
     * @param value anything for the finaliser, or {@code null}
     */
    record Continue(Object value) implements AuthorizationResult {}

    /**
     * The resource owner denied the request.
     *
     * @param value anything for the finaliser, or {@code null}
     */
    record Deny(Object value) implements AuthorizationResult {}

    /**
     * An error for the client.
     *
     * @param error the error
     */
    record Error(OAuth2Error error) implements AuthorizationResult {
        /** Validates the error. */
        public Error {
            Objects.requireNonNull(error, "error");
        }
    }
}
