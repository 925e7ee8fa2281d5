package io.authdesign.token;

import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.jwt.SignedJwt;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every token handler context has: the grant, the client as the request identified it, the flow's
 * token settings, and the JWT helpers. A context is a view of one {@link TokenRequest}; each grant adds
 * accessors for its own parameters.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1">RFC 6749 section 3.2.1</a>
 */
public sealed interface TokenContext
        permits AuthorizationCodeTokenContext,
                ClientCredentialsTokenContext,
                DeviceCodeTokenContext,
                RefreshTokenContext,
                ExtensionGrantContext {

    /** The request this context is a view of. */
    TokenRequest request();

    /** The {@code grant_type} of the request. */
    default String grantType() {
        return request().grantType();
    }

    /** The client identifier, from whichever authentication method the client used. */
    default String clientId() {
        return request().clientId();
    }

    /**
     * The client secret the client presented ({@code client_secret_basic} or {@code client_secret_post}),
     * for the handler to compare in constant time with the stored one; empty for public clients and JWT
     * client authentication (whose assertion the library has already verified).
     */
    default Optional<String> clientSecret() {
        return request().clientSecret();
    }

    /** The client authentication method the client used. */
    default ClientAuthenticationMethod clientAuthMethod() {
        return request().clientAuthMethod();
    }

    /** The flow's access token lifetime in seconds ({@code setTokenTTL}). */
    default long ttl() {
        return request().ttl();
    }

    /**
     * The token type of the response, for {@code setTokenType}: {@code DPoP} when the request carried a
     * valid proof to a DPoP flow, else the flow's ({@code Bearer}).
     */
    default String tokenType() {
        return request().tokenType();
    }

    /**
     * The RFC 7638 thumbprint of the key of the request's valid DPoP proof; tokens issued for it must be
     * bound to it ({@code cnf.jkt}, which {@link #createJwtAccessToken} adds).
     *
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-6">RFC 9449 section 6</a>
     */
    default Optional<String> dpopJkt() {
        return request().dpopJkt();
    }

    /** The flow's JWT helpers. */
    default JwtHelpers jwt() {
        return request().jwt();
    }

    /** The scope the request asked for, when the grant carries one. */
    default Optional<String> requestedScope() {
        return Optional.empty();
    }

    /**
     * Signs an access token per RFC 9068 with the flow's keys: {@code typ: at+jwt}, {@code iss},
     * {@code sub} (this client unless given), {@code aud}, {@code exp} (now + {@link #ttl()}),
     * {@code iat}, {@code jti}, {@code client_id}, {@code scope} when requested, and {@code cnf.jkt} when
     * the request carried a DPoP proof. The given claims override the defaults.
     *
     * @param claims claims to add or override, such as {@code sub} for a user
     * @return the token and its key id
     * @throws IllegalStateException when the flow has no keys
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068#section-2.2">RFC 9068 section 2.2</a>
     */
    default SignedJwt createJwtAccessToken(Map<String, ?> claims) {
        if (dpopJkt().isPresent() && !claims.containsKey("cnf")) {
            Map<String, Object> bound = new LinkedHashMap<>(claims);
            bound.put("cnf", Map.of("jkt", dpopJkt().get()));
            return jwt().createJwtAccessToken(clientId(), requestedScope().orElse(null), bound);
        }
        return jwt().createJwtAccessToken(clientId(), requestedScope().orElse(null), claims);
    }

    /**
     * Signs a refresh token as a JWT for a handler that keeps no refresh token store: {@code typ: rt+jwt},
     * {@code aud} the issuer, valid {@link #ttl()} seconds; see {@link #createJwtRefreshToken(Map,
     * Duration)} for a longer lifetime.
     *
     * @param claims claims to add or override, such as {@code sub} for a user
     * @return the token and its key id
     * @throws IllegalStateException when the flow has no keys
     */
    default SignedJwt createJwtRefreshToken(Map<String, ?> claims) {
        return createJwtRefreshToken(claims, Duration.ofSeconds(ttl()));
    }

    /**
     * Signs a refresh token as a JWT with the flow's keys: header {@code typ: rt+jwt} (never {@code at+jwt},
     * so that protected routes refuse it as an access token), {@code iss}, {@code sub} (this client unless
     * given), {@code aud} (the issuer), {@code exp} (now + {@code lifetime}), {@code iat}, {@code jti},
     * {@code client_id}, {@code scope} when requested. The refresh route's {@link RefreshTokenContext#verifyJwt}
     * verifies it. The given claims override the defaults.
     *
     * @param claims claims to add or override, such as {@code sub} for a user
     * @param lifetime how long the refresh token may be presented: at most the flow's public key expiry
     *     ({@code setPublicKeyExpiry}, 10 hours by default), since no key may sign a token that outlives its
     *     publication
     * @return the token and its key id
     * @throws IllegalStateException when the flow has no keys
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-6">RFC 6749 section 6</a>
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8725#section-3.11">RFC 8725 section 3.11</a>
     */
    default SignedJwt createJwtRefreshToken(Map<String, ?> claims, Duration lifetime) {
        return jwt().createJwtRefreshToken(clientId(), requestedScope().orElse(null), claims, lifetime);
    }

    /**
     * Signs an OpenID Connect ID token for this client: {@code aud} is the client; {@code sub} is
     * required; pass {@code nonce} and {@code auth_time} when the authorization request had them.
     *
     * @param claims the claims, with {@code sub}
     * @return the token and its key id
     * @throws IllegalStateException when the flow is not an OIDC flow
     */
    default SignedJwt createIdToken(Map<String, ?> claims) {
        return jwt().createIdToken(clientId(), claims, null);
    }

    /**
     * Signs an ID token that also carries the {@code at_hash} of the access token issued with it.
     *
     * @param claims the claims, with {@code sub}
     * @param accessToken the access token of the same response
     * @return the token and its key id
     */
    default SignedJwt createIdToken(Map<String, ?> claims, String accessToken) {
        return jwt().createIdToken(clientId(), claims, accessToken);
    }

    /**
     * Verifies an access token signed by this flow ({@code typ: at+jwt}, signature, issuer, expiry,
     * audience); an ID token or a refresh JWT never verifies here. In the refresh route, {@link
     * RefreshTokenContext#verifyJwt} verifies refresh JWTs instead.
     *
     * @param token the token
     * @return its claims, or empty when refused
     */
    default Optional<Map<String, Object>> verifyJwt(String token) {
        return jwt().verifyJwt(token);
    }
}
