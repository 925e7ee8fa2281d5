package io.authdesign.lifecycle;

import io.authdesign.http.HttpRequest;
import io.authdesign.internal.RoutePaths;
import java.util.Objects;

/**
 * The token revocation endpoint of a flow, configured in {@code revocationRoute(route -> ...)}: its path
 * and the handler that revokes a presented token.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2">RFC 7009 section 2</a>
 */
public final class RevocationRoute {

    /** The default path. */
    public static final String DEFAULT_PATH = "/oauth2/revoke";

    /** Revokes a token. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Revokes the presented token if it was issued to the client.
         *
         * @param ctx the token, its hint and the client
         * @param request the HTTP request
         * @return {@link RevocationResult#REVOKED}, {@link RevocationResult#CONTINUE} or an error; a
         *     {@code null} is {@code invalid_request}
         * @throws Exception on failure: the client receives a 500 (503 for a store outage)
         */
        RevocationResult revoke(LifecycleContext ctx, HttpRequest request) throws Exception;
    }

    private String path = DEFAULT_PATH;
    private Handler handler = (ctx, request) -> RevocationResult.CONTINUE;

    /** Creates the route at the default path; until a handler is set, every token is unknown (200). */
    public RevocationRoute() {}

    /** Sets the path. */
    public RevocationRoute setPath(String path) {
        this.path = RoutePaths.check(path);
        return this;
    }

    /** Sets the handler. */
    public RevocationRoute revokeToken(Handler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** The path. */
    public String getPath() {
        return path;
    }

    /** The handler. */
    public Handler getHandler() {
        return handler;
    }
}
