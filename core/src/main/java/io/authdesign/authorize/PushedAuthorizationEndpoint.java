package io.authdesign.authorize;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.TokenType;
import io.authdesign.client.ClientAuthResult;
import io.authdesign.client.ClientAuthentication;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.client.CredentialLocation;
import io.authdesign.dpop.DPoPResult;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.http.Endpoint;
import io.authdesign.http.FormParameters;
import io.authdesign.http.FormRequest;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.http.OAuth2Responses;
import io.authdesign.internal.FailureLog;
import io.authdesign.store.PushedRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The pushed authorization request endpoint (RFC 9126): the client authenticates as at the token endpoint,
 * its authorization request is checked as the authorization endpoint would check it (client and redirect
 * URI, response type, scope, PKCE, ...), but every error is answered here as JSON, never redirected; a
 * DPoP proof binds the future code to its key (RFC 9449 section 10.1). The request is stored and the
 * client receives a one-time {@code request_uri} with its lifetime (201).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9126#section-2">RFC 9126 section 2</a>
 */
public final class PushedAuthorizationEndpoint implements Endpoint.Handler {

    /** The prefix of every {@code request_uri} this endpoint issues (RFC 9126 section 2.2). */
    public static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

    /** Client authentication parameters, which are not part of the authorization request. */
    private static final Set<String> CLIENT_CREDENTIALS =
            Set.of("client_secret", "client_assertion", "client_assertion_type");

    private final AuthorizationRoute route;
    private final PushedAuthorizationRoute pushed;
    private final ClientAuthenticator authenticator;
    private final TokenType tokenType;
    private final String endpointUrl;
    private final String issuer;
    private final Clock clock;
    private final Logger logger;
    private final SecureRandom random = new SecureRandom();

    /**
     * Creates the endpoint.
     *
     * @param route the authorization route whose requests are pushed (client check, PKCE rule)
     * @param authenticator the flow's client authentication, with this endpoint's URL as assertion audience
     * @param tokenType the flow's token type: a DPoP proof is checked when it is a {@link DPoPToken}
     * @param endpointUrl this endpoint's public URL (the DPoP {@code htu})
     * @param issuer the issuer (the audience of request objects)
     * @param clock the clock
     * @param logger where failures are logged
     */
    public PushedAuthorizationEndpoint(
            AuthorizationRoute route,
            ClientAuthenticator authenticator,
            TokenType tokenType,
            String endpointUrl,
            String issuer,
            Clock clock,
            Logger logger) {
        this.route = route;
        this.pushed = route.getPushedAuthorizationRequests()
                .orElseThrow(() -> new IllegalStateException("The route serves no pushed authorization requests"));
        pushed.getStore();
        pushed.getClientVerification();
        this.authenticator = authenticator;
        this.tokenType = tokenType;
        this.endpointUrl = endpointUrl;
        this.issuer = issuer;
        this.clock = clock;
        this.logger = logger;
    }

    @Override
    public HttpResponse handle(HttpRequest http) {
        boolean usedHeader = false;
        try {
            FormRequest form = FormRequest.parse(http);
            CredentialLocation location = ClientAuthenticator.locate(form);
            usedHeader = location == CredentialLocation.AUTHORIZATION_HEADER;
            ClientAuthentication client = switch (authenticator.authenticate(form, location)) {
                case ClientAuthResult.Authenticated authenticated -> authenticated.client();
                case ClientAuthResult.Rejected rejected -> throw new OAuth2Exception(rejected.error());
                case ClientAuthResult.NotApplicable ignored ->
                    throw new OAuth2Exception(OAuth2ErrorCode.INVALID_CLIENT, ClientAuthenticator.FAILED);
            };
            verifyClient(client, http);
            Map<String, String> parameters = authorizationParameters(form.form(), client.clientId());
            if (parameters.containsKey("request")) {
                RequestObjectRoute objects = route.getRequestObjects()
                        .orElseThrow(() -> new OAuth2Exception(
                                OAuth2ErrorCode.of("request_not_supported"), "Request objects are not supported"));
                parameters = new LinkedHashMap<>(
                        RequestObjects.expand(FormParameters.of(parameters), client.clientId(), objects, issuer, clock)
                                .asMap());
            }
            checkRequest(parameters, client.clientId());
            Optional<HttpResponse> nonce = bindProofKey(form, parameters);
            if (nonce.isPresent()) {
                return nonce.get();
            }
            String requestUri = REQUEST_URI_PREFIX + randomToken();
            pushed.getStore()
                    .save(new PushedRequest(
                            requestUri,
                            client.clientId(),
                            parameters,
                            clock.instant().plus(pushed.getLifetime())));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("request_uri", requestUri);
            body.put("expires_in", pushed.getLifetime().toSeconds());
            return OAuth2Responses.json(201, body);
        } catch (OAuth2Exception e) {
            return OAuth2Responses.error(e.error(), usedHeader);
        } catch (RuntimeException e) {
            FailureLog.log(logger, e, "The pushed authorization request endpoint failed on {}", http);
            return OAuth2Responses.error(OAuth2Responses.failure(e), usedHeader);
        }
    }

    /** RFC 9126 section 2: the client must be a registered one, with its own method and secret. */
    private void verifyClient(ClientAuthentication client, HttpRequest http) throws OAuth2Exception {
        Optional<OAuth2Error> refused;
        try {
            refused = pushed.getClientVerification().verify(client, http);
        } catch (Exception e) {
            FailureLog.log(logger, e, "The client check failed for client '{}'", client.clientId());
            throw new OAuth2Exception(OAuth2Responses.failure(e));
        }
        if (refused.isPresent()) {
            throw new OAuth2Exception(refused.get());
        }
    }

    /**
     * RFC 9126 section 2.1: the authorization request is the form minus the client's credentials; a
     * {@code request_uri} is refused; a {@code client_id} must be the authenticated client's.
     */
    private static Map<String, String> authorizationParameters(FormParameters form, String clientId)
            throws OAuth2Exception {
        if (form.has("request_uri")) {
            throw new OAuth2Exception(
                    OAuth2ErrorCode.INVALID_REQUEST, "request_uri is not allowed in a pushed authorization request");
        }
        if (form.get("client_id").filter(id -> !id.equals(clientId)).isPresent()) {
            throw new OAuth2Exception(
                    OAuth2ErrorCode.INVALID_REQUEST, "client_id does not match the authenticated client");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        form.asMap().forEach((name, value) -> {
            if (!CLIENT_CREDENTIALS.contains(name)) {
                parameters.put(name, value);
            }
        });
        parameters.put("client_id", clientId);
        return parameters;
    }

    /** The checks of the authorization endpoint, errors answered here (RFC 9126 section 2.3). */
    private void checkRequest(Map<String, String> parameters, String clientId) throws OAuth2Exception {
        ClientCheck check;
        try {
            check = route.getClientValidator().validate(clientId, Optional.ofNullable(parameters.get("redirect_uri")));
        } catch (Exception e) {
            FailureLog.log(logger, e, "The client check failed for client '{}'", clientId);
            throw new OAuth2Exception(OAuth2Responses.failure(e));
        }
        if (!(check instanceof ClientCheck.Valid valid)) {
            String reason = ((ClientCheck.Invalid) check).description();
            throw new OAuth2Exception(
                    OAuth2ErrorCode.INVALID_REQUEST, reason == null ? "Unknown client or redirect URI" : reason);
        }
        AuthorizationChecks.check(
                FormParameters.of(parameters),
                clientId,
                valid,
                parameters.containsKey("redirect_uri"),
                route.isPlainPkceAllowed(),
                route.isImplicitAllowed());
    }

    /**
     * RFC 9449 section 10.1: a DPoP proof at this endpoint binds the code to its key, as {@code dpop_jkt};
     * when both are sent they must name the same key.
     *
     * @return the {@code use_dpop_nonce} answer when the proof needs the server's nonce
     */
    private Optional<HttpResponse> bindProofKey(FormRequest form, Map<String, String> parameters)
            throws OAuth2Exception {
        if (!(tokenType instanceof DPoPToken dpop)
                || form.http().headers("DPoP").isEmpty()) {
            return Optional.empty();
        }
        DPoPResult result;
        try {
            result = dpop.checkTokenRequest(form.http(), endpointUrl);
        } catch (Exception e) {
            FailureLog.log(logger, e, "The DPoP proof check failed");
            throw new OAuth2Exception(OAuth2Responses.failure(e));
        }
        switch (result) {
            case DPoPResult.Invalid invalid ->
                throw new OAuth2Exception(OAuth2ErrorCode.INVALID_DPOP_PROOF, invalid.description());
            case DPoPResult.UseNonce nonce -> {
                return Optional.of(OAuth2Responses.error(
                                OAuth2Error.of(OAuth2ErrorCode.USE_DPOP_NONCE, "Use the server-provided DPoP nonce"))
                        .withHeaders(Map.of("DPoP-Nonce", List.of(nonce.nonce()))));
            }
            case DPoPResult.Valid valid -> {
                String jkt = parameters.get("dpop_jkt");
                if (jkt != null && !jkt.equals(valid.jkt())) {
                    throw new OAuth2Exception(
                            OAuth2ErrorCode.INVALID_DPOP_PROOF, "dpop_jkt does not match the DPoP proof's key");
                }
                parameters.put("dpop_jkt", valid.jkt());
                return Optional.empty();
            }
        }
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
