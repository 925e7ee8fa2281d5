package io.authdesign.token;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The context of a {@code refresh_token} request, as the {@code refreshTokenRoute} document describes:
 * {@link #grantType()}, {@link #clientId()}, {@link #ttl()}, {@link #tokenType()}, {@link #refreshToken()},
 * {@link #clientSecret()}, and the helpers {@link #createJwtAccessToken}, {@link #createJwtRefreshToken},
 * {@link #createIdToken} and {@link #verifyJwt} (which verifies refresh JWTs here).
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

    /**
     * Verifies a refresh token minted by {@link #createJwtRefreshToken} with this flow's keys ({@code typ:
     * rt+jwt}, signature, issuer, expiry, {@code aud} the issuer), so that {@code
     * ctx.verifyJwt(ctx.refreshToken())} checks the presented refresh token as the {@code refreshTokenRoute}
     * document suggests. An access token never verifies here: a leaked access token cannot be traded for new
     * tokens. Whether the token was revoked or already rotated is still the handler's decision.
     *
     * @param token the token, usually {@link #refreshToken()}
     * @return its claims, or empty when refused
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8725#section-3.11">RFC 8725 section 3.11</a>
     */
    @Override
    public Optional<Map<String, Object>> verifyJwt(String token) {
        return jwt().verifyJwtRefreshToken(token);
    }
}
