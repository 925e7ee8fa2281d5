package io.authdesign.flow;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenResult;
import io.authdesign.client.ClientAuthResult;
import io.authdesign.client.ClientAuthentication;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.http.FormRequest;
import io.authdesign.token.TokenGenerator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * One grant of one flow: authenticate the client, check the grant's parameters, build the handler's
 * context, call the handler, and make its result safe to send.
 *
 * @param <C> the handler's context type
 */
final class Grant<C> implements GrantHandler {

    /** Builds a handler context from a request and its authenticated client. */
    @FunctionalInterface
    interface ContextFactory<C> {
        C create(FormRequest request, ClientAuthentication client);
    }

    static final OAuth2Error NULL_RESULT =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, "The request was not accepted");

    private final String grantType;
    private final List<String> requiredParameters;
    private final ClientAuthenticator authenticator;
    private final ContextFactory<C> contexts;
    private final TokenGenerator<C> generator;
    private final String tokenType;
    private final Logger logger;

    Grant(
            String grantType,
            List<String> requiredParameters,
            ClientAuthenticator authenticator,
            ContextFactory<C> contexts,
            TokenGenerator<C> generator,
            String tokenType,
            Logger logger) {
        this.grantType = grantType;
        this.requiredParameters = List.copyOf(requiredParameters);
        this.authenticator = authenticator;
        this.contexts = contexts;
        this.generator = generator;
        this.tokenType = tokenType;
        this.logger = logger;
    }

    String grantType() {
        return grantType;
    }

    ClientAuthenticator authenticator() {
        return authenticator;
    }

    @Override
    public TokenResult handle(FormRequest request) {
        return switch (authenticator.authenticate(request)) {
            case ClientAuthResult.Authenticated authenticated -> handleAuthenticated(request, authenticated.client());
            case ClientAuthResult.Rejected rejected -> rejected.error();
            case ClientAuthResult.NotApplicable ignored ->
                OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, ClientAuthenticator.FAILED);
        };
    }

    /** Runs the grant for a client that {@link #authenticator()} has already identified. */
    TokenResult handleAuthenticated(FormRequest request, ClientAuthentication client) {
        Optional<OAuth2Error> invalid = checkParameters(request);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        C context = contexts.create(request, client);
        TokenResult result;
        try {
            result = generator.generateToken(context, request.http());
        } catch (Exception e) {
            logger.error("The {} token handler failed for client '{}'", grantType, client.clientId(), e);
            return OAuth2Responses.SERVER_ERROR;
        }
        if (result == null) {
            return NULL_RESULT;
        }
        if (result instanceof OAuth2TokenResponse tokens
                && tokens.getTokenType().isEmpty()) {
            tokens.setTokenType(tokenType);
        }
        return result;
    }

    private Optional<OAuth2Error> checkParameters(FormRequest request) {
        for (String name : requiredParameters) {
            if (request.param(name).isEmpty()) {
                return Optional.of(OAuth2Error.of(
                        OAuth2ErrorCode.INVALID_REQUEST, "The request is missing the '" + name + "' parameter"));
            }
        }
        return request.param("scope")
                .filter(scope -> !Scopes.isWellFormed(scope))
                .map(scope -> OAuth2Error.of(OAuth2ErrorCode.INVALID_SCOPE, "The scope parameter is malformed"));
    }
}
