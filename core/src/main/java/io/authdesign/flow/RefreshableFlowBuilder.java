package io.authdesign.flow;

import io.authdesign.token.RefreshTokenContext;
import io.authdesign.token.TokenGrant;
import io.authdesign.token.TokenRoute;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * A flow builder with a refresh token route: the authorization code and device authorization flows.
 *
 * @param <B> the concrete builder
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-6">RFC 6749 section 6</a>
 */
public abstract class RefreshableFlowBuilder<B extends RefreshableFlowBuilder<B>> extends FlowBuilder<B> {

    private TokenRoute<RefreshTokenContext> refreshRoute;

    RefreshableFlowBuilder(Logger logger, String defaultStrategyName, boolean openId) {
        super(logger, defaultStrategyName, openId);
    }

    /**
     * Configures the refresh token route: its path (by default the token endpoint's,
     * {@code /oauth2/token}) and its {@code generateToken} handler, which receives a
     * {@link RefreshTokenContext}. Without this call, {@code refresh_token} is an unsupported grant.
     *
     * <p>When the path equals the token route's, the token endpoint dispatches {@code refresh_token} to
     * this handler; otherwise the route is a separate endpoint that accepts only {@code refresh_token}.
     *
     * @param configure receives the route
     * @return this builder
     */
    public B refreshTokenRoute(Consumer<TokenRoute<RefreshTokenContext>> configure) {
        Objects.requireNonNull(configure, "configure");
        if (refreshRoute == null) {
            refreshRoute = new TokenRoute<>((context, request) -> null);
        }
        configure.accept(refreshRoute);
        return self();
    }

    /** The refresh grant and its path, when a refresh route is configured. */
    Optional<OAuth2Flow.Route> refreshGrant() {
        return Optional.ofNullable(refreshRoute)
                .map(route -> new OAuth2Flow.Route(route.getPath(), TokenGrant.refreshToken(route.getGenerator())));
    }
}
