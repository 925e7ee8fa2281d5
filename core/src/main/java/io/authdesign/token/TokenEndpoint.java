package io.authdesign.token;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenResult;
import io.authdesign.TokenType;
import io.authdesign.client.ClientAuthContext;
import io.authdesign.client.ClientAuthentication;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.client.ClientVerification;
import io.authdesign.client.CredentialLocation;
import io.authdesign.dpop.DPoPResult;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.dpop.DPoPVerification;
import io.authdesign.http.Endpoint;
import io.authdesign.http.FormRequest;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.http.OAuth2Responses;
import io.authdesign.internal.FailureLog;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.observe.AuthEvent;
import io.authdesign.observe.AuthEventListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The token endpoint: one pipeline per request. The form is parsed, the {@code grant_type} looked up in
 * the {@link GrantRegistry}, the client authenticated once (with the methods of the flows that serve the
 * grant), the grant's parameters checked, the DPoP proof checked once (statelessly), then for each flow in
 * registration order its client check ({@code verifyClient}) and, for the first flow that accepts the
 * client, the proof's {@code jti} recorded before its handler runs: a request refused before that stores
 * nothing. Every response carries {@code Cache-Control: no-store}.
 *
 * <pre>
 *  POST /oauth2/token
 *    parse ─ grant_type ─ authenticate client ─ parameters ─ DPoP proof ─ client check ─ jti ─ handler(s)
 * </pre>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2">RFC 6749 section 3.2</a>
 */
public final class TokenEndpoint implements Endpoint.Handler {

    static final OAuth2Error NULL_RESULT =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, "The request was not accepted");

    private final GrantRegistry grants;
    private final ClientAuthContext context;
    private final Logger logger;
    private final Map<String, ClientAuthenticator> authenticators = new HashMap<>();
    private final AuthEventListener events;

    /**
     * Creates the endpoint.
     *
     * @param grants the grants it serves
     * @param context its issuer, public URL (client assertion audience and DPoP {@code htu}) and clock
     * @param logger where failures are logged
     */
    public TokenEndpoint(GrantRegistry grants, ClientAuthContext context, Logger logger) {
        this(grants, context, logger, AuthEventListener.NONE);
    }

    /**
     * Creates the endpoint, reporting each issuance as {@link AuthEvent.TokenIssued}.
     *
     * @param grants the grants it serves
     * @param context its issuer, public URL (client assertion audience and DPoP {@code htu}) and clock
     * @param logger where failures are logged
     * @param events where issued tokens are reported
     */
    public TokenEndpoint(GrantRegistry grants, ClientAuthContext context, Logger logger, AuthEventListener events) {
        this.events = Objects.requireNonNull(events, "events");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.context = Objects.requireNonNull(context, "context");
        this.logger = Objects.requireNonNull(logger, "logger");
        grants.grantTypes()
                .forEach(type -> authenticators.put(type, new ClientAuthenticator(grants.methods(type), context)));
    }

    /** The grants served. */
    public GrantRegistry grants() {
        return grants;
    }

    @Override
    public HttpResponse handle(HttpRequest http) {
        boolean usedHeader = false;
        try {
            FormRequest form = FormRequest.parse(http);
            String grantType = form.param("grant_type")
                    .orElseThrow(() -> new OAuth2Exception(
                            OAuth2ErrorCode.INVALID_REQUEST, "The request is missing the 'grant_type' parameter"));
            List<GrantRegistry.Entry> candidates = grants.entries(grantType);
            if (candidates.isEmpty()) {
                throw new OAuth2Exception(
                        OAuth2ErrorCode.UNSUPPORTED_GRANT_TYPE, "The grant type is not supported by this endpoint");
            }
            CredentialLocation location = ClientAuthenticator.locate(form);
            usedHeader = location == CredentialLocation.AUTHORIZATION_HEADER;
            ClientAuthentication client = authenticate(form, grantType, location);
            List<GrantRegistry.Entry> accepting = accepting(candidates, client);
            checkParameters(form, accepting.get(0).grant());
            return switch (proof(form, accepting)) {
                case Proof proof -> dispatch(form, client, proof, accepting, usedHeader);
                case NonceRequired nonce ->
                    OAuth2Responses.error(OAuth2Error.of(
                                    OAuth2ErrorCode.USE_DPOP_NONCE, "Use the server-provided DPoP nonce"))
                            .withHeaders(Map.of("DPoP-Nonce", List.of(nonce.nonce())));
            };
        } catch (OAuth2Exception e) {
            return OAuth2Responses.error(e.error(), usedHeader);
        } catch (RuntimeException e) {
            FailureLog.log(logger, e, "The token endpoint failed on {}", http);
            return OAuth2Responses.error(OAuth2Responses.failure(e), usedHeader);
        }
    }

    /** The flows of the grant that accept the client's authentication method, in order. */
    private static List<GrantRegistry.Entry> accepting(
            List<GrantRegistry.Entry> candidates, ClientAuthentication client) {
        int count = 0;
        for (GrantRegistry.Entry entry : candidates) {
            if (entry.settings().accepts(client.method())) {
                count++;
            }
        }
        if (count == candidates.size()) {
            return candidates;
        }
        List<GrantRegistry.Entry> accepting = new ArrayList<>(count);
        for (GrantRegistry.Entry entry : candidates) {
            if (entry.settings().accepts(client.method())) {
                accepting.add(entry);
            }
        }
        return accepting;
    }

    /** RFC 6749 section 2.3: once per request, with every method of the flows that serve the grant. */
    private ClientAuthentication authenticate(FormRequest form, String grantType, CredentialLocation location)
            throws OAuth2Exception {
        return authenticators.get(grantType).require(form, location);
    }

    /**
     * The grant's required parameters (RFC 6749 section 3.2), the scope syntax (section 3.3) and the
     * resource indicator's (RFC 8707 section 2).
     */
    private static void checkParameters(FormRequest form, TokenGrant<?> grant) throws OAuth2Exception {
        for (String name : grant.requiredParameters()) {
            if (form.param(name).isEmpty()) {
                throw new OAuth2Exception(
                        OAuth2ErrorCode.INVALID_REQUEST, "The request is missing the '" + name + "' parameter");
            }
        }
        if (form.param("scope").filter(scope -> !Scopes.isWellFormed(scope)).isPresent()) {
            throw new OAuth2Exception(OAuth2ErrorCode.INVALID_SCOPE, "The scope parameter is malformed");
        }
        if (form.param(ResourceIndicators.PARAMETER)
                .filter(resource -> !ResourceIndicators.isWellFormed(resource))
                .isPresent()) {
            throw new OAuth2Exception(ResourceIndicators.MALFORMED);
        }
    }

    /** The DPoP step's outcome. */
    private sealed interface ProofCheck permits Proof, NonceRequired {}

    /**
     * The proof key's thumbprint when a valid proof was sent, and the proof still to record (with the
     * token type that records it) when its {@code jti} is not stored yet.
     */
    private record Proof(Optional<String> jkt, Optional<Unrecorded> unrecorded) implements ProofCheck {
        static final Proof NONE = new Proof(Optional.empty(), Optional.empty());
    }

    /** A proof that passed every stateless check; it counts once {@link DPoPToken#record} stored it. */
    private record Unrecorded(DPoPToken dpop, DPoPVerification.Verified proof) {}

    /** The proof lacks the current server nonce: answered with {@code use_dpop_nonce} and the nonce. */
    private record NonceRequired(String nonce) implements ProofCheck {}

    /**
     * RFC 9449 section 5: the proof is checked once, by the first DPoP token type of the flows that may
     * answer; it must be valid when present (or when that token type requires proofs). Only its stateless
     * checks run here: its {@code jti} is recorded in {@link #dispatch}, once a flow accepted the client, so
     * that a request refused anyway stores nothing (RFC 9449 section 11.1). A proof is single-use, so no
     * second flow checks it again.
     */
    private ProofCheck proof(FormRequest form, List<GrantRegistry.Entry> candidates) throws OAuth2Exception {
        DPoPToken first = null;
        for (GrantRegistry.Entry entry : candidates) {
            if (entry.settings().tokenType() instanceof DPoPToken token) {
                first = token;
                break;
            }
        }
        if (first == null || (!first.isRequired() && form.http().headers("DPoP").isEmpty())) {
            return Proof.NONE;
        }
        DPoPToken dpop = first;
        DPoPVerification verification;
        try {
            verification = dpop.verifyTokenRequest(form.http(), context.endpointUrl());
        } catch (Exception e) {
            FailureLog.log(logger, e, "The DPoP proof check failed");
            throw new OAuth2Exception(OAuth2Responses.failure(e));
        }
        return switch (verification) {
            case DPoPVerification.Verified verified ->
                new Proof(Optional.of(verified.jkt()), Optional.of(new Unrecorded(dpop, verified)));
            case DPoPVerification.Accepted accepted -> new Proof(Optional.of(accepted.jkt()), Optional.empty());
            case DPoPVerification.Refused refused ->
                switch (refused.result()) {
                    case DPoPResult.UseNonce nonce -> new NonceRequired(nonce.nonce());
                    case DPoPResult.Invalid invalid ->
                        throw new OAuth2Exception(OAuth2ErrorCode.INVALID_DPOP_PROOF, invalid.description());
                    case DPoPResult.Valid valid -> throw new IllegalStateException("A refusal is never valid");
                };
        };
    }

    /** The flow's client check, when it has one: the error to answer, or empty to go on. */
    private static Optional<OAuth2Error> verifyClient(
            GrantRegistry.Entry entry, ClientAuthentication client, HttpRequest http) throws OAuth2Exception {
        Optional<ClientVerification> verification = entry.settings().clientVerification();
        if (verification.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Objects.requireNonNullElse(verification.get().verify(client, http), Optional.empty());
        } catch (Exception e) {
            FailureLog.log(entry.settings().logger(), e, "The client check failed for client '{}'", client.clientId());
            throw new OAuth2Exception(OAuth2Responses.failure(e));
        }
    }

    /** RFC 9449 section 11.1: stores the proof's {@code jti}; a proof already used is refused. */
    private static void record(Unrecorded unrecorded) throws OAuth2Exception {
        if (unrecorded.dpop().record(unrecorded.proof()) instanceof DPoPResult.Invalid invalid) {
            throw new OAuth2Exception(OAuth2ErrorCode.INVALID_DPOP_PROOF, invalid.description());
        }
    }

    /** Asks the grant's handlers in order until one answers with something other than CONTINUE. */
    private HttpResponse dispatch(
            FormRequest form,
            ClientAuthentication client,
            Proof proof,
            List<GrantRegistry.Entry> candidates,
            boolean usedHeader)
            throws OAuth2Exception {
        OAuth2Error refusal = null;
        Optional<Unrecorded> unrecorded = proof.unrecorded();
        for (GrantRegistry.Entry entry : candidates) {
            Optional<OAuth2Error> refused = verifyClient(entry, client, form.http());
            if (refused.isPresent()) {
                // another flow of a MultipleFlows may know the client; the first refusal answers otherwise
                refusal = refusal == null ? refused.get() : refusal;
                continue;
            }
            if (unrecorded.isPresent()) {
                record(unrecorded.get());
                unrecorded = Optional.empty();
            }
            String tokenType = tokenType(entry.settings().tokenType(), proof);
            TokenRequest request = TokenRequest.builder()
                    .form(form)
                    .client(client)
                    .dpopJkt(
                            entry.settings().tokenType() instanceof DPoPToken
                                    ? proof.jkt().orElse(null)
                                    : null)
                    .tokenType(tokenType)
                    .ttl(entry.settings().ttl())
                    .jwt(entry.settings().jwt())
                    .build();
            TokenResult result;
            try {
                result = entry.grant().generate(request);
            } catch (Exception e) {
                FailureLog.log(
                        entry.settings().logger(),
                        e,
                        "The {} token handler failed for client '{}'",
                        request.grantType(),
                        client.clientId());
                return OAuth2Responses.error(OAuth2Responses.failure(e), usedHeader);
            }
            switch (result) {
                case null -> {
                    return OAuth2Responses.error(NULL_RESULT, usedHeader);
                }
                case OAuth2TokenResponse tokens -> {
                    if (tokens.getRefreshToken()
                            .filter(JwtHelpers::isTypedAsAccessToken)
                            .isPresent()) {
                        // RFC 8725 section 3.11: such a refresh token would pass as a bearer access token
                        entry.settings()
                                .logger()
                                .warn(
                                        "The {} token handler returned an access token (typ at+jwt) as refresh"
                                                + " token; none was issued: mint refresh tokens with"
                                                + " createJwtRefreshToken",
                                        request.grantType());
                        return OAuth2Responses.error(OAuth2Responses.SERVER_ERROR, usedHeader);
                    }
                    HttpResponse issued = OAuth2Responses.json(200, tokens.toJson(tokenType));
                    AuthEventListener.publish(
                            events, new AuthEvent.TokenIssued(request.grantType(), client.clientId()));
                    return issued;
                }
                case OAuth2Error error -> {
                    return OAuth2Responses.error(error, usedHeader);
                }
                case TokenResult.Continue next -> {}
            }
        }
        if (refusal != null) {
            return OAuth2Responses.error(refusal, usedHeader);
        }
        boolean refresh = form.param("grant_type").orElseThrow().equals(GrantType.REFRESH_TOKEN.value());
        return OAuth2Responses.error(
                OAuth2Error.of(
                        OAuth2ErrorCode.INVALID_GRANT,
                        refresh ? "The refresh token was not accepted" : "The grant was not accepted"),
                usedHeader);
    }

    /** The response's token type: DPoP with a valid proof to a DPoP flow, Bearer without one, else the flow's. */
    private static String tokenType(TokenType type, Proof proof) {
        if (type instanceof DPoPToken) {
            return proof.jkt().isPresent() ? DPoPToken.PREFIX : BearerToken.PREFIX;
        }
        return type.prefix();
    }
}
