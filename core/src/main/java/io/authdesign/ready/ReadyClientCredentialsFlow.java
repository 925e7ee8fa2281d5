package io.authdesign.ready;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenResult;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.flow.ClientCredentialsFlowBuilder;
import io.authdesign.http.HttpRequest;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.token.ClientCredentialsTokenContext;
import io.authdesign.token.ResourceIndicators;
import io.authdesign.token.Scopes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A complete client credentials flow on the {@link ClientStore}, built only on the public API:
 * {@link #install} wires the token route. The client must be registered, use one of its own authentication
 * methods and present its secret (compared in constant time with its keyed hashes; an unknown client costs
 * the same hashing) or a client assertion the library verified ({@link RegisteredClientKeys}); a client
 * registered as DPoP-bound must send a proof (RFC 9449 section 5.2); the client must be registered for
 * {@code client_credentials}. The granted scope is the requested one when every token of it is among the
 * client's scopes, or all the client's scopes, in registration order, when none is requested (RFC 6749
 * section 3.3). The access token is an RFC 9068 JWT for the client itself, of the flow's token type and
 * lifetime.
 *
 * <p>Enable the client authentication methods the clients use on the flow builder yourself
 * ({@code addClientAuthenticationMethod}), as with the other ready flows; the route can still be replaced
 * by the user's own lambda afterwards.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.4">RFC 6749 section 4.4</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068#section-2">RFC 9068 section 2</a>
 */
public final class ReadyClientCredentialsFlow {

    /** The answer to a client that is not registered for {@code client_credentials}. */
    public static final OAuth2Error UNAUTHORIZED_CLIENT =
            OAuth2Error.of(OAuth2ErrorCode.UNAUTHORIZED_CLIENT, "The client may not use the client_credentials grant");

    /** The answer to a scope the client is not registered for (RFC 6749 section 5.2). */
    public static final OAuth2Error INVALID_SCOPE =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_SCOPE, "The requested scope is not allowed for this client");

    private final ClientVerifier verifier;
    private final ReadyTokenLifecycle lifecycle;

    private ReadyClientCredentialsFlow(Builder builder) {
        this.lifecycle = builder.lifecycle;
        this.verifier = new ClientVerifier(
                Objects.requireNonNull(builder.clients, "clients"),
                Objects.requireNonNull(builder.secrets, "secrets"),
                builder.clock);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Configures a client credentials flow builder's token route, and turns on {@code useAccessTokenJwks}:
     * the access tokens are the flow's JWTs, so the flow needs signing keys and its protected routes verify
     * them.
     *
     * @param flow the flow builder
     * @param <B> its type
     * @return the flow builder
     */
    public <B extends ClientCredentialsFlowBuilder<B>> B install(B flow) {
        if (lifecycle != null) {
            lifecycle.install(flow);
        }
        return flow.useAccessTokenJwks(true)
                .verifyClient(verifier::credentials)
                .tokenRoute(route -> route.generateToken(this::issueToken));
    }

    TokenResult issueToken(ClientCredentialsTokenContext ctx, HttpRequest http) {
        ClientVerifier.Outcome outcome = verifier.verify(ctx, UNAUTHORIZED_CLIENT);
        if (outcome instanceof ClientVerifier.Refused refused) {
            return refused.error();
        }
        RegisteredClient client = ((ClientVerifier.Verified) outcome).client();
        Optional<String> granted = grantedScope(client, ctx.scope());
        if (granted.isEmpty()) {
            return INVALID_SCOPE;
        }
        if (!(ResourceIndicators.select(
                        ctx.request().parameter(ResourceIndicators.PARAMETER), Set.of(), client.resources())
                instanceof ResourceIndicators.Selection.Selected target)) {
            return ResourceIndicators.NOT_ALLOWED;
        }
        String scope = granted.get().isEmpty() ? null : granted.get();
        Optional<Object> audience = TokenIssuer.audience(target.resources());
        boolean fapi2 = Fapi2Profile.OFF.appliesTo(client);
        Map<String, Object> claims;
        if (audience.isEmpty() && !fapi2) {
            // the usual token: no map to build for the scope alone
            claims = scope == null ? Map.of() : Map.of("scope", scope);
        } else {
            claims = LinkedHashMap.newLinkedHashMap(3); // scope, aud, the FAPI 2.0 mark
            if (scope != null) {
                claims.put("scope", scope);
            }
            if (audience.isPresent()) {
                claims.put("aud", audience.get());
            }
            if (fapi2) {
                // FAPI 2.0 section 5.4.1: the resources then accept proofs of PS256, ES256 and EdDSA only
                claims.put(DPoPToken.FAPI2_CLAIM, true);
            }
        }
        OAuth2TokenResponse response = new OAuth2TokenResponse(
                        ctx.createJwtAccessToken(claims).token())
                .setTokenType(ctx.tokenType())
                .setExpiresIn(ctx.ttl());
        if (scope != null) {
            response.setScope(scope);
        }
        return response;
    }

    /**
     * RFC 6749 section 3.3: the requested scope when the client is registered for every token of it (its
     * tokens once each, in order), all the client's scopes in registration order when none is requested;
     * empty when a token is not the client's. The value is empty when the client has no scope to grant. The
     * endpoint has already refused a malformed {@code scope}.
     */
    static Optional<String> grantedScope(RegisteredClient client, Optional<String> requested) {
        if (requested.isEmpty()) {
            return Optional.of(String.join(" ", client.scopes()));
        }
        String scope = requested.get();
        if (scope.indexOf(' ') < 0) {
            // one token, the usual request: granted as it is, without a set of one
            return client.scopes().contains(scope) ? requested : Optional.empty();
        }
        Set<String> tokens = Scopes.parse(scope);
        return client.scopes().containsAll(tokens) ? Optional.of(String.join(" ", tokens)) : Optional.empty();
    }

    /**
     * Builds a {@link ReadyClientCredentialsFlow}; the client store and its hasher are required.
     *
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.4">RFC 6749 section 4.4</a>
     */
    public static final class Builder {
        private ClientStore clients;
        private ClientSecretHasher secrets;
        private Clock clock = Clock.systemUTC();
        private ReadyTokenLifecycle lifecycle;

        private Builder() {}

        /**
         * Serves revocation and introspection with this lifecycle on the flow {@code install} configures: a
         * revoked access token (its {@code jti}) is refused at protected routes.
         *
         * @param lifecycle the ready token lifecycle, shared by the flows of a design
         * @return this builder
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009">RFC 7009</a>
         */
        public Builder lifecycle(ReadyTokenLifecycle lifecycle) {
            this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
            return this;
        }

        /** The registered clients and the hasher of their secrets. */
        public Builder clients(ClientStore store, ClientSecretHasher hasher) {
            this.clients = store;
            this.secrets = hasher;
            return this;
        }

        /** The clock that decides whether a secret has expired (tests). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Builds. */
        public ReadyClientCredentialsFlow build() {
            return new ReadyClientCredentialsFlow(this);
        }
    }
}
