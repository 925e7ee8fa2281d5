package io.authdesign.flow;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.token.AuthorizationCodeTokenContext;
import io.authdesign.token.GrantType;
import io.authdesign.token.TokenRoute;
import java.util.List;
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

    AuthorizationCodeFlowBuilder(Logger logger, boolean openId) {
        super(logger, DEFAULT_STRATEGY_NAME, openId);
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

    OAuth2Flow.Route tokenGrant(FlowSettings settings) {
        JwtHelpers jwt = settings.jwt();
        Grant<AuthorizationCodeTokenContext> grant = new Grant<>(
                GrantType.AUTHORIZATION_CODE.value(),
                List.of("code"),
                settings.authenticator(tokenRoute.getPath()),
                (request, client) -> new AuthorizationCodeTokenContext(
                        GrantType.AUTHORIZATION_CODE.value(),
                        client.clientId(),
                        client.secret(),
                        client.method(),
                        settings.tokenTtl(),
                        settings.tokenType().prefix(),
                        request.param("code").orElseThrow(),
                        request.param("code_verifier"),
                        request.param("redirect_uri"),
                        jwt),
                tokenRoute.getGenerator(),
                settings.tokenType().prefix(),
                settings.logger());
        return new OAuth2Flow.Route(tokenRoute.getPath(), grant);
    }
}
