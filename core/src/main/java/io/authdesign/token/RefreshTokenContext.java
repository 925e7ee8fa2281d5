package io.authdesign.token;

import java.util.Objects;
import java.util.Optional;

/**
 * The context of a {@code refresh_token} request, as the {@code refreshTokenRoute} document describes:
 * {@link #grantType()}, {@link #clientId()}, {@link #ttl()}, {@link #tokenType()}, {@link #refreshToken()},
 * {@link #clientSecret()}, and the helpers {@link #createJwtAccessToken}, {@link #createIdToken} and
 * {@link #verifyJwt}.
 *
 * @param request the token request
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-6">RFC 6749 section 6</a>
 */
public record RefreshTokenContext(TokenRequest request) implements TokenContext {

    /** Validates the component. */
    public RefreshTokenContext {
        Objects.requireNonNull(request, "request");
    }

    /** The presented {@code refresh_token}. */
    public String refreshToken() {
        return request.parameter("refresh_token").orElseThrow();
    }

    /** The requested {@code scope}, if any (it may only narrow the original grant). */
    public Optional<String> scope() {
        return request.parameter("scope");
    }

    @Override
    public Optional<String> requestedScope() {
        return scope();
    }
}
