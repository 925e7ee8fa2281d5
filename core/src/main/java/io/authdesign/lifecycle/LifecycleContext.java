package io.authdesign.lifecycle;

import io.authdesign.client.ClientAuthentication;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.jwt.JwtHelpers;
import java.util.Objects;
import java.util.Optional;

/**
 * What a revocation or introspection handler receives: the presented token and its hint, the client as
 * the request identified it (the handler decides whether its secret is right, as token handlers do), and
 * the flow's access token lifetime and JWT helpers ({@code jwt().verify(token)} reads the flow's access
 * tokens).
 *
 * @param token the {@code token} parameter
 * @param tokenTypeHint the {@code token_type_hint} parameter: a hint the handler may use to look first
 *     where such tokens are, never a reason to miss a token of another type
 * @param client the client and how it authenticated
 * @param ttl the flow's access token lifetime in seconds
 * @param jwt the flow's JWT helpers
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.1">RFC 7009 section 2.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662#section-2.1">RFC 7662 section 2.1</a>
 */
public record LifecycleContext(
        String token, Optional<String> tokenTypeHint, ClientAuthentication client, long ttl, JwtHelpers jwt) {

    /** The hint of an access token. */
    public static final String ACCESS_TOKEN = "access_token";

    /** The hint of a refresh token. */
    public static final String REFRESH_TOKEN = "refresh_token";

    /** Validates the components. */
    public LifecycleContext {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tokenTypeHint, "tokenTypeHint");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(jwt, "jwt");
    }

    /** The client identifier. */
    public String clientId() {
        return client.clientId();
    }

    /** The secret the client presented, if its method carries one. */
    public Optional<String> clientSecret() {
        return client.secret();
    }

    /** The client authentication method the client used. */
    public ClientAuthenticationMethod clientAuthMethod() {
        return client.method();
    }
}
