package io.authdesign.server;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.token.TokenContext;
import io.authdesign.token.TokenGenerator;
import io.authdesign.token.TokenRoute;

/**
 * Per-client DPoP enforcement ({@code dpopBoundAccessTokens: true}, RFC 9449 section 5.2): such a client's
 * token requests without a proof are refused. Built by wrapping the routes' handlers, with the public API.
 */
final class DpopBinding {

    static final OAuth2Error PROOF_REQUIRED =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_DPOP_PROOF, "This client must send a DPoP proof");

    private final Registry registry;

    DpopBinding(Registry registry) {
        this.registry = registry;
    }

    /** A handler that refuses bound clients without a proof before delegating. */
    <C extends TokenContext> TokenGenerator<C> guard(TokenGenerator<C> delegate) {
        return (ctx, request) -> registry.client(ctx.clientId())
                        .filter(Registry.Client::dpopBound)
                        .filter(client -> ctx.dpopJkt().isEmpty())
                        .isPresent()
                ? PROOF_REQUIRED
                : delegate.generateToken(ctx, request);
    }

    /** Wraps a route's current handler. */
    <C extends TokenContext> void guard(TokenRoute<C> route) {
        route.generateToken(guard(route.getGenerator()));
    }
}
