package io.authdesign.flow;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenResult;
import io.authdesign.client.ClientAuthResult;
import io.authdesign.client.ClientAuthentication;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.dpop.DPoPResult;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.http.FormRequest;
import io.authdesign.store.FailureLog;
import io.authdesign.token.BearerToken;
import io.authdesign.token.TokenGenerator;
import io.authdesign.token.TokenType;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
        C create(FormRequest request, ClientAuthentication client, Proof proof);
    }

    /**
     * The DPoP outcome of a token request: the proof key's thumbprint when the request carried a valid
     * proof, and the token type the response has.
     */
    record Proof(Optional<String> jkt, String tokenType) {}

    /** A token request without a usable server nonce: answered with {@code use_dpop_nonce}. */
    static final class NonceRequired extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String nonce;

        NonceRequired(String nonce) {
            super("use_dpop_nonce", null, false, false);
            this.nonce = nonce;
        }

        String nonce() {
            return nonce;
        }
    }

    static final OAuth2Error NULL_RESULT =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, "The request was not accepted");

    private final String grantType;
    private final List<String> requiredParameters;
    private final ClientAuthenticator authenticator;
    private final ContextFactory<C> contexts;
    private final TokenGenerator<C> generator;
    private final TokenType tokenType;
    private final String endpointUrl;
    private final Logger logger;

    Grant(
            String grantType,
            List<String> requiredParameters,
            ClientAuthenticator authenticator,
            ContextFactory<C> contexts,
            TokenGenerator<C> generator,
            TokenType tokenType,
            String endpointUrl,
            Logger logger) {
        this.grantType = grantType;
        this.requiredParameters = List.copyOf(requiredParameters);
        this.authenticator = authenticator;
        this.contexts = contexts;
        this.generator = generator;
        this.tokenType = tokenType;
        this.endpointUrl = endpointUrl;
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
        return handleAuthenticated(request, client, new IdentityHashMap<>());
    }

    /**
     * Runs the grant, reusing the DPoP outcome of a grant that already checked this request's proof with
     * the same token type: a proof is single-use, so a second check of it (by the next flow's refresh grant
     * of a {@code MultipleFlows}) would refuse it as a replay.
     *
     * @param checked the proofs already checked for this request, by token type
     */
    TokenResult handleAuthenticated(FormRequest request, ClientAuthentication client, Map<TokenType, Proof> checked) {
        Optional<OAuth2Error> invalid = checkParameters(request);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Proof proof = checked.get(tokenType);
        if (proof == null) {
            try {
                proof = proof(request);
            } catch (OAuth2Exception e) {
                return e.error();
            }
            checked.put(tokenType, proof);
        }
        C context = contexts.create(request, client, proof);
        TokenResult result;
        try {
            result = generator.generateToken(context, request.http());
        } catch (Exception e) {
            FailureLog.log(logger, e, "The {} token handler failed for client '{}'", grantType, client.clientId());
            return OAuth2Responses.failure(e);
        }
        if (result == null) {
            return NULL_RESULT;
        }
        if (result instanceof OAuth2TokenResponse tokens
                && tokens.getTokenType().isEmpty()) {
            tokens.setTokenType(proof.tokenType());
        }
        return result;
    }

    /**
     * RFC 9449 section 5: with a DPoP token type, a request carrying a proof (or every request, when
     * proofs are required) must have a valid one; the token is then a DPoP token bound to its key.
     */
    private Proof proof(FormRequest request) throws OAuth2Exception {
        if (!(tokenType instanceof DPoPToken dpop)) {
            return new Proof(Optional.empty(), tokenType.prefix());
        }
        if (!dpop.isRequired() && request.http().headers("DPoP").isEmpty()) {
            return new Proof(Optional.empty(), BearerToken.PREFIX);
        }
        DPoPResult result;
        try {
            result = dpop.checkTokenRequest(request.http(), endpointUrl);
        } catch (Exception e) {
            FailureLog.log(logger, e, "The DPoP proof check failed");
            throw new OAuth2Exception(OAuth2Responses.failure(e));
        }
        return switch (result) {
            case DPoPResult.Valid valid -> new Proof(Optional.of(valid.jkt()), DPoPToken.PREFIX);
            case DPoPResult.Invalid invalid ->
                throw new OAuth2Exception(OAuth2ErrorCode.INVALID_DPOP_PROOF, invalid.description());
            case DPoPResult.UseNonce nonce -> throw new NonceRequired(nonce.nonce());
        };
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
