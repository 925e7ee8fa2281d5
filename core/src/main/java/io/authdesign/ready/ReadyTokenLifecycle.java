package io.authdesign.ready;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.flow.FlowBuilder;
import io.authdesign.http.HttpRequest;
import io.authdesign.jwt.JwtVerification;
import io.authdesign.jwt.JwtVerifier;
import io.authdesign.lifecycle.IntrospectionResult;
import io.authdesign.lifecycle.LifecycleContext;
import io.authdesign.lifecycle.RevocationResult;
import io.authdesign.observe.AuthEvent;
import io.authdesign.observe.AuthEventListener;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.RefreshTokenRecord;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.RegisteredClient;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The ready token lifecycle: revocation (RFC 7009) and introspection (RFC 7662) handlers on the store SPIs,
 * and the revocation list that makes the flows' JWT access tokens revocable. {@link #install} puts both
 * routes on a flow and makes its protected routes and userinfo consult the list; the ready authorization
 * code and device flows given this object ({@code lifecycle(...)}) also revoke a grant's access tokens when
 * a code or a refresh token is reused.
 *
 * <ul>
 *   <li>Revocation: the client must be registered and authenticate with its own method and secret
 *       ({@code invalid_client}); a refresh token revokes its family and the access tokens of its grant; an
 *       access token revokes its grant ({@code grant_id}, or the token alone by its {@code jti}) and the
 *       grant's refresh tokens (RFC 7009 section 2.1 allows both); a token of another client is
 *       {@code invalid_request} and stays valid; an unknown, expired or foreign token is 200.
 *   <li>Introspection: only clients the {@link Builder#introspection} predicate accepts (resource servers);
 *       others are {@code invalid_client} (401). An access token of the flow that verifies, has not expired
 *       and whose grant is not revoked is active with {@code scope}, {@code client_id}, {@code sub},
 *       {@code exp}, {@code iat}, {@code token_type}, {@code aud}, {@code iss}, {@code jti}, {@code cnf}; a
 *       live refresh token with {@code scope}, {@code client_id}, {@code sub}, {@code exp}, {@code iat},
 *       {@code iss} and {@code cnf} when DPoP-bound; everything else is inactive.
 * </ul>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009">RFC 7009</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662">RFC 7662</a>
 */
public final class ReadyTokenLifecycle {

    private static final OAuth2Error NOT_THE_CLIENTS =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, "The token was not issued to this client");

    private final ClientVerifier verifier;
    private final RefreshTokenStore refreshTokens;
    private final GrantRevocationStore revocations;
    private final Predicate<RegisteredClient> introspection;
    private final Clock clock;
    private final AuthEventListener events;
    private final AtomicLong longestTokenTtl = new AtomicLong(FlowBuilder.DEFAULT_TOKEN_TTL);
    private volatile Fapi2Profile fapi2 = Fapi2Profile.OFF;

    private ReadyTokenLifecycle(Builder builder) {
        this.verifier = new ClientVerifier(
                Objects.requireNonNull(builder.clients, "clients"),
                Objects.requireNonNull(builder.secrets, "secrets"),
                builder.clock);
        this.refreshTokens = Objects.requireNonNull(builder.refreshTokens, "refreshTokens");
        this.revocations = Objects.requireNonNull(builder.revocations, "revocations");
        this.introspection = builder.introspection;
        this.clock = builder.clock;
        this.events = builder.events;
    }

    /** Reports an event of a flow given this lifecycle. */
    void publish(AuthEvent event) {
        AuthEventListener.publish(events, event);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Serves revocation and introspection on a flow and makes its verified access tokens revocable. Call it
     * after {@code setTokenTTL}: the revocation list keeps an entry as long as the longest-lived access
     * token of the installed flows.
     *
     * @param flow the flow builder
     * @param <B> its type
     * @return the flow builder
     */
    public <B extends FlowBuilder<B>> B install(B flow) {
        longestTokenTtl.accumulateAndGet(flow.getTokenTTL(), Math::max);
        return flow.setGrantRevocationStore(revocations)
                .revocationRoute(route -> route.revokeToken(this::revoke))
                .introspectionRoute(route -> route.introspect(this::introspect));
    }

    /**
     * Revokes a grant now (an administrator's action, a user's logout): its refresh token families and the
     * access tokens already issued from it, on every node sharing the stores.
     *
     * @param grantId the grant ({@code grant_id} of its access tokens)
     */
    public void revokeGrant(String grantId) {
        refreshTokens.revokeGrant(grantId);
        revokeAccessTokens(grantId);
        publish(new AuthEvent.GrantRevoked(grantId));
    }

    /** Adds the grant to the revocation list for as long as one of its access tokens may verify. */
    void revokeAccessTokens(String grantId) {
        revocations.revoke(
                grantId,
                clock.instant().plusSeconds(longestTokenTtl.get()).plusSeconds(JwtVerifier.CLOCK_SKEW_SECONDS + 1));
    }

    /** The RFC 7009 handler. */
    RevocationResult revoke(LifecycleContext ctx, HttpRequest http) {
        Optional<RegisteredClient> client = client(ctx, http);
        if (client.isEmpty()) {
            return RevocationResult.error(ClientVerifier.INVALID_CLIENT);
        }
        String clientId = client.get().clientId();
        boolean accessFirst = ctx.tokenTypeHint()
                .filter(LifecycleContext.ACCESS_TOKEN::equals)
                .isPresent();
        Optional<RevocationResult> result = accessFirst
                ? revokeAccessToken(ctx, clientId).or(() -> revokeRefreshToken(ctx, clientId))
                : revokeRefreshToken(ctx, clientId).or(() -> revokeAccessToken(ctx, clientId));
        if (result.filter(RevocationResult.REVOKED::equals).isPresent()) {
            publish(new AuthEvent.TokenRevoked(clientId));
        }
        return result.orElse(RevocationResult.CONTINUE);
    }

    private Optional<RevocationResult> revokeRefreshToken(LifecycleContext ctx, String clientId) {
        return refreshTokens.find(ctx.token()).map(record -> {
            if (!record.clientId().equals(clientId)) {
                return RevocationResult.error(NOT_THE_CLIENTS);
            }
            refreshTokens.revokeFamily(record.familyId());
            revokeAccessTokens(record.grantId());
            return RevocationResult.REVOKED;
        });
    }

    private Optional<RevocationResult> revokeAccessToken(LifecycleContext ctx, String clientId) {
        return accessTokenClaims(ctx).map(claims -> {
            if (!clientId.equals(claims.get("client_id"))) {
                return RevocationResult.error(NOT_THE_CLIENTS);
            }
            Optional<String> grant = claims.get(GrantRevocationStore.GRANT_ID_CLAIM) instanceof String id
                    ? Optional.of(id)
                    : Optional.empty();
            grant.ifPresent(refreshTokens::revokeGrant);
            GrantRevocationStore.keyOf(claims).ifPresent(key -> {
                if (grant.isPresent()) {
                    revokeAccessTokens(key);
                } else {
                    // a token that is its own grant needs listing only until it expires
                    revocations.revoke(key, expiry(claims).plusSeconds(JwtVerifier.CLOCK_SKEW_SECONDS + 1));
                }
            });
            return RevocationResult.REVOKED;
        });
    }

    /** The RFC 7662 handler. */
    IntrospectionResult introspect(LifecycleContext ctx, HttpRequest http) {
        Optional<RegisteredClient> client = client(ctx, http);
        if (client.isEmpty() || !introspection.test(client.get())) {
            return IntrospectionResult.error(ClientVerifier.INVALID_CLIENT);
        }
        boolean refreshFirst = ctx.tokenTypeHint()
                .filter(LifecycleContext.REFRESH_TOKEN::equals)
                .isPresent();
        Optional<IntrospectionResult> result = refreshFirst
                ? describeRefreshToken(ctx).or(() -> describeAccessToken(ctx))
                : describeAccessToken(ctx).or(() -> describeRefreshToken(ctx));
        return result.orElse(IntrospectionResult.CONTINUE);
    }

    private Optional<IntrospectionResult> describeAccessToken(LifecycleContext ctx) {
        return accessTokenClaims(ctx).map(claims -> {
            Instant now = clock.instant();
            boolean revoked = GrantRevocationStore.keyOf(claims)
                    .filter(key -> revocations.isRevoked(key, now))
                    .isPresent();
            if (revoked || !expiry(claims).isAfter(now)) {
                return IntrospectionResult.INACTIVE;
            }
            Map<String, Object> members = new LinkedHashMap<>();
            for (String name : new String[] {"scope", "client_id", "sub", "exp", "iat", "nbf"}) {
                members.put(name, claims.get(name));
            }
            members.put("token_type", claims.get("cnf") == null ? "Bearer" : "DPoP");
            for (String name : new String[] {"aud", "iss", "jti", "cnf", DPoPToken.FAPI2_CLAIM}) {
                members.put(name, claims.get(name));
            }
            return IntrospectionResult.active(members);
        });
    }

    private Optional<IntrospectionResult> describeRefreshToken(LifecycleContext ctx) {
        return refreshTokens.find(ctx.token()).map(record -> IntrospectionResult.active(refreshMembers(record, ctx)));
    }

    private static Map<String, Object> refreshMembers(RefreshTokenRecord record, LifecycleContext ctx) {
        Map<String, Object> members = new LinkedHashMap<>();
        if (!record.scopes().isEmpty()) {
            members.put("scope", String.join(" ", new TreeSet<>(record.scopes())));
        }
        members.put("client_id", record.clientId());
        members.put("sub", record.subject());
        members.put("exp", record.expiresAt().getEpochSecond());
        members.put("iat", record.issuedAt().getEpochSecond());
        members.put("iss", ctx.jwt().issuer());
        // marks it as no access token: a resource server introspecting it refuses it (RFC 7662 section 2.2)
        members.put("token_type", "refresh_token");
        if (record.dpopJkt() != null) {
            members.put("cnf", Map.of("jkt", record.dpopJkt()));
        }
        return members;
    }

    /** The claims of the flow's access token, verified (signature, type, issuer, audience, times). */
    private static Optional<Map<String, Object>> accessTokenClaims(LifecycleContext ctx) {
        if (!ctx.jwt().isAvailable()) {
            return Optional.empty();
        }
        return ctx.jwt().verify(ctx.token()) instanceof JwtVerification.Verified verified
                ? Optional.of(verified.claims())
                : Optional.empty();
    }

    private static Instant expiry(Map<String, Object> claims) {
        return claims.get("exp") instanceof Number exp ? Instant.ofEpochSecond(exp.longValue()) : Instant.EPOCH;
    }

    /**
     * The client of a revocation or introspection request: registered, its own method and secret, and, for a
     * client of the FAPI 2.0 profile, {@code private_key_jwt} with PS256 or ES256 and the issuer as {@code
     * aud} (FAPI 2.0 Security Profile section 5.3.2.1).
     */
    private Optional<RegisteredClient> client(LifecycleContext ctx, HttpRequest http) {
        return switch (verifier.verify(
                ctx.clientId(), ctx.clientSecret(), ctx.clientAuthMethod().value())) {
            case ClientVerifier.Verified verified ->
                fapi2.checkAuthentication(verified.client(), ctx.client(), http).isPresent()
                        ? Optional.empty()
                        : Optional.of(verified.client());
            case ClientVerifier.Refused refused -> Optional.empty();
        };
    }

    /**
     * Holds every client of the revocation and introspection endpoints to the FAPI 2.0 profile: set by a
     * {@link ReadyAuthorizationCodeFlow} built with {@code fapi2Profile(true)} and this lifecycle.
     */
    void holdEveryClientToFapi2() {
        this.fapi2 = new Fapi2Profile(true);
    }

    /** Builds a {@link ReadyTokenLifecycle}: clients, refresh tokens and the revocation list are required. */
    public static final class Builder {
        ClientStore clients;
        ClientSecretHasher secrets;
        RefreshTokenStore refreshTokens;
        GrantRevocationStore revocations;
        Predicate<RegisteredClient> introspection = client -> false;
        Clock clock = Clock.systemUTC();
        AuthEventListener events = AuthEventListener.NONE;

        private Builder() {}

        /**
         * Reports revocations ({@link AuthEvent.TokenRevoked}, {@link AuthEvent.GrantRevoked}) and, for the
         * ready flows given this lifecycle, consents and refresh token reuse; none by default.
         */
        public Builder events(AuthEventListener listener) {
            this.events = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The registered clients and the hasher of their secrets. */
        public Builder clients(ClientStore store, ClientSecretHasher hasher) {
            this.clients = store;
            this.secrets = hasher;
            return this;
        }

        /** The refresh token store of the flows (the same as theirs). */
        public Builder refreshTokens(RefreshTokenStore store) {
            this.refreshTokens = store;
            return this;
        }

        /** The revocation list of access tokens, shared by every node. */
        public Builder revocations(GrantRevocationStore store) {
            this.revocations = store;
            return this;
        }

        /**
         * Which authenticated clients may introspect (RFC 7662 section 2.1: the resource servers); none by
         * default. The others are answered {@code invalid_client}.
         *
         * @param allowed accepts a client that may introspect any token
         * @return this builder
         */
        public Builder introspection(Predicate<RegisteredClient> allowed) {
            this.introspection = Objects.requireNonNull(allowed, "allowed");
            return this;
        }

        /** The clock (tests). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Builds. */
        public ReadyTokenLifecycle build() {
            return new ReadyTokenLifecycle(this);
        }
    }
}
