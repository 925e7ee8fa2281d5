package io.authdesign.resource;

import io.authdesign.http.HttpRequest;
import io.authdesign.internal.RoutePaths;
import java.util.Map;
import java.util.Objects;

/**
 * The OpenID Connect userinfo endpoint of an OIDC flow, configured in {@code userinfoRoute(route -> ...)}:
 * its path and the handler that returns the claims of the user an access token stands for.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#UserInfo">OpenID Connect Core
 *     section 5.3</a>
 */
public final class UserinfoRoute {

    /** The default path. */
    public static final String DEFAULT_PATH = "/oauth2/userinfo";

    /** Returns the claims for a token's credentials. */
    @FunctionalInterface
    public interface ClaimsHandler {
        /**
         * Returns the user's claims.
         *
         * @param credentials the validated token's credentials (its scopes decide which claims to release)
         * @param request the HTTP request
         * @return the claims; {@code sub} is set to the token's subject; {@code null} refuses the token
         * @throws Exception on failure: the client receives a 500
         */
        Map<String, Object> claims(Credentials credentials, HttpRequest request) throws Exception;
    }

    private String path = DEFAULT_PATH;
    private ClaimsHandler handler = (credentials, request) -> Map.of();

    /** Creates the route at the default path. */
    public UserinfoRoute() {}

    /** Sets the path. */
    public UserinfoRoute setPath(String path) {
        this.path = RoutePaths.check(path);
        return this;
    }

    /** Sets the claims handler. */
    public UserinfoRoute generateClaims(ClaimsHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** The path. */
    public String getPath() {
        return path;
    }

    /** The handler. */
    public ClaimsHandler getHandler() {
        return handler;
    }
}
