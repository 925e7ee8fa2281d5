package io.authdesign.token;

import io.authdesign.internal.RoutePaths;
import java.util.Objects;

/**
 * The token route of a flow, configured in {@code tokenRoute(route -> ...)} or
 * {@code refreshTokenRoute(route -> ...)}: its path and its handler.
 *
 * @param <C> the context type the handler receives
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2">RFC 6749 section 3.2</a>
 */
public final class TokenRoute<C> {

    /** The default token endpoint path. */
    public static final String DEFAULT_PATH = "/oauth2/token";

    private String path = DEFAULT_PATH;
    private TokenGenerator<C> generator;

    /**
     * Creates a route at {@link #DEFAULT_PATH}.
     *
     * @param defaultGenerator the handler used until {@link #generateToken} sets one
     */
    public TokenRoute(TokenGenerator<C> defaultGenerator) {
        this.generator = Objects.requireNonNull(defaultGenerator, "defaultGenerator");
    }

    /**
     * Sets the path of the route.
     *
     * @param path an absolute path such as {@code /oauth2/token}
     * @return this route
     * @throws IllegalArgumentException when the path is empty or does not start with {@code /}
     */
    public TokenRoute<C> setPath(String path) {
        this.path = RoutePaths.check(path);
        return this;
    }

    /**
     * Sets the handler that decides what the route issues.
     *
     * @param generator the handler
     * @return this route
     */
    public TokenRoute<C> generateToken(TokenGenerator<C> generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
        return this;
    }

    /** The path. */
    public String getPath() {
        return path;
    }

    /** The handler. */
    public TokenGenerator<C> getGenerator() {
        return generator;
    }
}
