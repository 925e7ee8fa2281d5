package io.authdesign.flow;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.authorize.AuthorizationRoute;
import io.authdesign.token.AuthorizationCodeTokenContext;
import io.authdesign.token.TokenGrant;
import io.authdesign.token.TokenRoute;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The authorization code flow's builder methods, shared by {@link OAuth2AuthorizationCodeBuilder} and
 * {@link OIDCAuthorizationCodeBuilder}.
 *
 * @param <B> the concrete builder
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1">RFC 6749 section 4.1</a>
 */
public abstract class AuthorizationCodeFlowBuilder<B extends AuthorizationCodeFlowBuilder<B>>
        extends RefreshableFlowBuilder<B> {

    /** The default strategy name. */
    public static final String DEFAULT_STRATEGY_NAME = "oauth2-authorization-code";

    private final TokenRoute<AuthorizationCodeTokenContext> tokenRoute = new TokenRoute<>((context, request) ->
            OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, "No token handler is configured for this grant"));

    private AuthorizationRoute authorizationRoute;

    AuthorizationCodeFlowBuilder(Logger logger, boolean openId) {
        super(logger, DEFAULT_STRATEGY_NAME, openId);
    }

    /**
     * Configures the authorization endpoint (default {@code /oauth2/authorize}): its pages, the client
     * check ({@code validateClient}, required) and the {@code generateCode} decision.
     *
     * @param configure receives the route
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.1">RFC 6749 section 4.1.1</a>
     */
    public B authorizationRoute(Consumer<AuthorizationRoute> configure) {
        if (authorizationRoute == null) {
            authorizationRoute = new AuthorizationRoute();
        }
        Objects.requireNonNull(configure, "configure").accept(authorizationRoute);
        return self();
    }

    /** The route, refused when it cannot check clients (nothing may redirect to an unchecked URI). */
    AuthorizationRoute checkedAuthorizationRoute() {
        if (authorizationRoute != null && authorizationRoute.getClientValidator() == null) {
            throw new IllegalStateException("The authorization route needs validateClient(...): redirect URIs must be"
                    + " checked against the client's registered ones before anything is redirected");
        }
        return authorizationRoute;
    }

    /**
     * Configures the token route of the {@code authorization_code} grant: path (default
     * {@code /oauth2/token}) and the {@code generateToken} handler, which receives an
     * {@link AuthorizationCodeTokenContext}.
     *
     * @param configure receives the route
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.3">RFC 6749 section 4.1.3</a>
     */
    public B tokenRoute(Consumer<TokenRoute<AuthorizationCodeTokenContext>> configure) {
        Objects.requireNonNull(configure, "configure").accept(tokenRoute);
        return self();
    }

    OAuth2Flow.Route tokenGrant() {
        return new OAuth2Flow.Route(tokenRoute.getPath(), TokenGrant.authorizationCode(tokenRoute.getGenerator()));
    }
}
