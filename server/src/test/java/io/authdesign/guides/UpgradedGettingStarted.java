package io.authdesign.guides;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.authorize.ClientCheck;
import io.authdesign.flow.MultipleFlows;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OIDCAuthorizationCodeBuilder;
import io.authdesign.flow.OIDCClientCredentialsBuilder;
import io.authdesign.javalin.AuthDesignPlugin;
import io.authdesign.keys.InMemoryKeyStore;
import io.javalin.Javalin;
import java.util.Map;

/** The original's "Using Multiple Flows Together" (getting started), in Java. */
public final class UpgradedGettingStarted {

    public static Javalin start(String issuer, int port) {
        OIDCAuthorizationCodeBuilder authCodeFlowBuilder = OIDCAuthorizationCodeBuilder.create()
                // configure settings... (the authorization route must say which clients it serves)
                .authorizationRoute(route -> route.validateClient(
                        (clientId, redirectUri) -> ClientCheck.invalid("No client is registered yet")));

        OIDCClientCredentialsBuilder clientCredentialsFlowBuilder = OIDCClientCredentialsBuilder.create()
                // configure settings...
                .useAccessTokenJwks(true) // protected routes accept its JWTs: without it (or validate), none
                .tokenRoute(route -> route.generateToken((ctx, request) ->
                        ctx.clientId().equals("svc") && ctx.clientSecret().isPresent()
                                ? new OAuth2TokenResponse(ctx.createJwtAccessToken(Map.of())
                                                .token())
                                        .setExpiresIn(ctx.ttl())
                                : OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, "Client authentication failed")));

        MultipleFlows multipleFlows = MultipleFlowsBuilder.create()
                .setIssuer(issuer) // the original took it from the docs host; here it is required
                .tokenEndpoint("/oauth2/token") // default: '/oauth2/token'
                .jwksRoute(route -> route.setPath("/.well-known/jwks.json")) // default: '/oauth2/keys'
                .setPublicKeyExpiry(86400) // in seconds (24h)
                .setJwksKeyStore(InMemoryKeyStore.createInMemoryKeyStore()) // in-memory JWKS storage
                .add(authCodeFlowBuilder)
                .add(clientCredentialsFlowBuilder)
                .build();

        // app.extend(multipleFlows) and auth.default({strategies, mode: 'try'}) become the plugin, and a
        // role on each route that needs a token
        return Javalin.create(config -> {
                    config.registerPlugin(new AuthDesignPlugin(multipleFlows));
                    config.routes.get(
                            "/profile",
                            ctx -> ctx.result(AuthDesignPlugin.credentials(ctx).subject()),
                            AuthDesignPlugin.protect());
                })
                .start("127.0.0.1", port);
    }

    private UpgradedGettingStarted() {}
}
