package io.authdesign.lifecycle;

import io.authdesign.http.HttpRequest;
import io.authdesign.internal.RoutePaths;
import java.util.Objects;

/**
 * The token introspection endpoint of a flow, configured in {@code introspectionRoute(route -> ...)}: its
 * path and the handler that describes a presented token to an authenticated resource server.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662#section-2">RFC 7662 section 2</a>
 */
public final class IntrospectionRoute {

    /** The default path. */
    public static final String DEFAULT_PATH = "/oauth2/introspect";

    /** Describes a token. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Describes the presented token, after checking that the client may introspect.
         *
         * @param ctx the token, its hint and the client
         * @param request the HTTP request
         * @return {@link IntrospectionResult#active}, {@link IntrospectionResult#INACTIVE},
         *     {@link IntrospectionResult#CONTINUE} or an error; a {@code null} is {@code invalid_request}
         * @throws Exception on failure: the client receives a 500 (503 for a store outage)
         */
        IntrospectionResult introspect(LifecycleContext ctx, HttpRequest request) throws Exception;
    }

    private String path = DEFAULT_PATH;
    private Handler handler = (ctx, request) -> IntrospectionResult.CONTINUE;

    /** Creates the route at the default path; until a handler is set, every token is inactive. */
    public IntrospectionRoute() {}

    /** Sets the path. */
    public IntrospectionRoute setPath(String path) {
        this.path = RoutePaths.check(path);
        return this;
    }

    /** Sets the handler. */
    public IntrospectionRoute introspect(Handler handler) {
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
