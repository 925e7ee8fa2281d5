package io.authdesign.keys;

import io.authdesign.http.HttpRequest;
import io.authdesign.internal.RoutePaths;
import java.util.Map;
import java.util.Objects;

/**
 * The JWKS route, configured in {@code jwksRoute(route -> ...)}: its path (default
 * {@value #DEFAULT_PATH}) and, optionally, a handler that shapes the response from the public key set.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
 */
public final class JwksRoute {

    /** The default path. */
    public static final String DEFAULT_PATH = "/oauth2/keys";

    /** Shapes the JWKS response body. */
    @FunctionalInterface
    public interface JwksHandler {
        /**
         * Returns the response body.
         *
         * @param jwks the public key set, {@code {"keys": [...]}}, public members only
         * @param request the request
         * @return a JSON-serialisable body
         */
        Object respond(Map<String, Object> jwks, HttpRequest request);
    }

    private String path = DEFAULT_PATH;
    private JwksHandler handler;

    /** Creates the route at the default path. */
    public JwksRoute() {}

    /** Sets the path. */
    public JwksRoute setPath(String path) {
        this.path = RoutePaths.check(path);
        return this;
    }

    /** Replaces the response body with what the handler returns (the original's {@code validate}). */
    public JwksRoute validate(JwksHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** The path. */
    public String getPath() {
        return path;
    }

    /** The custom handler, or {@code null}. */
    public JwksHandler getHandler() {
        return handler;
    }
}
