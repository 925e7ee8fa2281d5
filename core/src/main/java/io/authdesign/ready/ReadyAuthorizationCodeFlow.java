package io.authdesign.ready;

import io.authdesign.authorize.RequestObjectRoute;
import io.authdesign.flow.AuthorizationCodeFlowBuilder;
import io.authdesign.flow.OIDCAuthorizationCodeBuilder;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.resource.Credentials;
import io.authdesign.store.AuthorizationCodeStore;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import io.authdesign.store.ConsentStore;
import io.authdesign.store.PushedRequestStore;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.SessionStore;
import io.authdesign.token.GrantType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A complete, standards-correct authorization code flow on the store SPIs, built only on the public API:
 * {@link #install} wires the authorization route (client check, sign-in with a session cookie, remembered
 * consent, {@code prompt}, {@code max_age}, {@code id_token_hint}), the token route (single-use codes
 * bound to client, redirect URI and PKCE challenge; a reused code revokes what its first redemption
 * issued), the refresh route (rotation with reuse detection that revokes the family, or none for the FAPI 2.0
 * profile and {@link Builder#refreshTokenRotation}) and, for OIDC, the
 * userinfo route (claims by scope, signed for the clients that registered {@code
 * userinfo_signed_response_alg}). Every part can be replaced by the user's own lambda afterwards.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1">RFC 6749 section 4.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700">RFC 9700</a>
 */
public final class ReadyAuthorizationCodeFlow {

    /** The session cookie. */
    public static final String SESSION_COOKIE = "authdesign_session";

    /**
     * The authentication method of the ready flow's sign-in form, a password ({@code pwd}, RFC 8176 section
     * 2), as the session's {@code amr} records it and {@link Builder#acrForMethod} names it.
     */
    public static final String PASSWORD = "pwd";

    /** The consent form field: {@code approve} or {@code deny}. */
    public static final String CONSENT_FIELD = io.authdesign.authorize.ConsentPrompt.FIELD;

    private final AuthorizationInteraction interaction;
    private final CodeExchange exchange;
    private final RefreshGrant refresh;
    private final UserAccounts users;
    private final PushedRequestStore pushedRequests;
    private final ClientVerifier verifier;
    private final RequestObjectRoute.KeyLookup requestObjectKeys;
    private final boolean pushedRequestsRequired;
    private final ReadyTokenLifecycle lifecycle;
    private final ClientStore clients;
    private final Fapi2Profile fapi2;
    private final List<String> acrValues;
    private final boolean implicit;

    private ReadyAuthorizationCodeFlow(Builder builder) {
        ClientStore clients = Objects.requireNonNull(builder.clients, "clients");
        this.clients = clients;
        AuthorizationCodeStore codes = Objects.requireNonNull(builder.codes, "codes");
        RefreshTokenStore refreshTokens = Objects.requireNonNull(builder.refreshTokens, "refreshTokens");
        this.users = Objects.requireNonNull(builder.users, "users");
        this.pushedRequests = builder.pushedRequests;
        this.requestObjectKeys = builder.requestObjectKeys;
        this.pushedRequestsRequired = builder.pushedRequestsRequired;
        this.fapi2 = new Fapi2Profile(builder.fapi2);
        this.verifier =
                new ClientVerifier(clients, Objects.requireNonNull(builder.secrets, "secrets"), builder.clock, fapi2);
        TokenIssuer issuer = new TokenIssuer(
                refreshTokens, users, builder.refreshTokenTtl, builder.clock, builder.random, builder.lifecycle, fapi2);
        this.lifecycle = builder.lifecycle;
        if (fapi2.isServerWide() && lifecycle != null) {
            lifecycle.holdEveryClientToFapi2();
        }
        this.acrValues = List.copyOf(new LinkedHashSet<>(builder.acrByMethod.values()));
        this.implicit = builder.implicit;
        this.interaction = new AuthorizationInteraction(builder, issuer, fapi2);
        this.exchange = new CodeExchange(
                codes, refreshTokens, verifier, issuer, Objects.requireNonNull(builder.sessions, "sessions"));
        this.refresh = new RefreshGrant(
                refreshTokens,
                verifier,
                issuer,
                builder.refreshGraceWindow,
                builder.refreshTokenRotation,
                fapi2,
                builder.clock);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether the client registered the {@code request_uri} (its {@code request_uris}), both compared without
     * their fragment, which only tells the content's hash (OIDC Dynamic Client Registration 1.0 section 2).
     */
    private boolean registeredRequestUri(String clientId, String requestUri) {
        String sent = withoutFragment(requestUri);
        return clients.find(clientId)
                .map(client -> client.settings().requestUris().stream()
                        .map(ReadyAuthorizationCodeFlow::withoutFragment)
                        .anyMatch(sent::equals))
                .orElse(false);
    }

    private static String withoutFragment(String uri) {
        int hash = uri.indexOf('#');
        return hash < 0 ? uri : uri.substring(0, hash);
    }

    /**
     * Configures a flow builder's authorization, token, refresh and (OIDC) userinfo routes.
     *
     * @param flow the flow builder
     * @param <B> its type
     * @return the flow builder
     */
    public <B extends AuthorizationCodeFlowBuilder<B>> B install(B flow) {
        flow.verifyClient(verifier::credentials)
                .authorizationRoute(route -> route.bindCsrfToSessionCookie(SESSION_COOKIE)
                        .validateClient(interaction::checkClient)
                        .generateCode(interaction::generateCode))
                .tokenRoute(route -> route.generateToken(exchange::exchangeCode))
                .refreshTokenRoute(route -> route.generateToken(refresh::refresh));
        if (lifecycle != null) {
            lifecycle.install(flow);
        }
        if (implicit) {
            if (!(flow instanceof OIDCAuthorizationCodeBuilder)) {
                throw new IllegalStateException(
                        "The implicit response types return ID tokens: install the flow on an OIDC builder");
            }
            flow.authorizationRoute(route -> route.allowImplicitResponseTypes());
        }
        if (requestObjectKeys != null) {
            flow.authorizationRoute(route -> route.requestObjects(
                    objects -> objects.setKeys(requestObjectKeys).setRequestUris(this::registeredRequestUri)));
        }
        if (pushedRequests != null) {
            flow.authorizationRoute(route -> route.pushedAuthorizationRequests(par -> par.setStore(pushedRequests)
                    .setRequired(pushedRequestsRequired || fapi2.isServerWide())
                    .verifyClient((client, http) -> switch (verifier.verify(
                            client.clientId(),
                            client.secret(),
                            client.method().value(),
                            GrantType.AUTHORIZATION_CODE.value())) {
                        case ClientVerifier.Verified verified ->
                            verifier.profileChecks(verified.client(), client, http);
                        case ClientVerifier.Refused refused -> Optional.of(refused.error());
                    })));
        }
        if (flow instanceof OIDCAuthorizationCodeBuilder oidc) {
            // The access tokens are this flow's JWTs: without verifying them, userinfo accepts none.
            // sid: the ID tokens of a sign-in session name it (Back-Channel Logout 1.0 section 2.1); and
            // acr_values_supported lists what the sign-ins state, so a client's acr_values can be met
            oidc.addClaimsSupported(StandardClaims.supported())
                    .addClaimsSupported(java.util.List.of("sid"))
                    .addAcrValuesSupported(acrValues)
                    .useAccessTokenJwks(true)
                    .userinfoRoute(route -> route.generateClaims((credentials, request) -> isUserGrant(credentials)
                                    ? StandardClaims.forUserinfo(
                                            credentials.scopes(),
                                            credentials.claims(),
                                            users.claims(credentials.subject()))
                                    : null)
                            .signResponses(this::userinfoAlgorithm));
        }
        return flow;
    }

    /**
     * The client's registered {@code userinfo_signed_response_alg} (OpenID Connect Dynamic Client Registration
     * 1.0 section 2): its UserInfo responses are then signed JWTs; none, or a client no longer registered,
     * gets JSON.
     */
    private Optional<SigningAlgorithm> userinfoAlgorithm(Credentials credentials) {
        if (credentials.clientId() == null) {
            return Optional.empty();
        }
        return clients.find(credentials.clientId())
                .map(client -> client.settings().userinfoSignedResponseAlg())
                .map(SigningAlgorithm::of);
    }

    /**
     * RFC 9700 section 4.15: userinfo answers for a user's grant only. The ready flows' user tokens carry
     * {@code auth_time} (RFC 9068 section 2.2.1) and a subject other than the client; a token of a client
     * acting for itself ({@code client_credentials}, {@code sub} = the client) carries neither, so a client
     * whose id equals a username never reads that user's claims.
     */
    static boolean isUserGrant(Credentials credentials) {
        return credentials.claims().get("auth_time") instanceof Number
                && !credentials.subject().equals(credentials.clientId());
    }

    /** Builds a {@link ReadyAuthorizationCodeFlow}; every store is required. */
    public static final class Builder {
        ClientStore clients;
        ClientSecretHasher secrets;
        AuthorizationCodeStore codes;
        RefreshTokenStore refreshTokens;
        ConsentStore consents;
        SessionStore sessions;
        UserAccounts users;
        SignInGuard signIn;
        Duration codeTtl = Duration.ofSeconds(60);
        Duration refreshTokenTtl = Duration.ofDays(30);
        Duration sessionTtl = Duration.ofHours(8);
        Duration refreshGraceWindow = Duration.ZERO;
        boolean refreshTokenRotation = true;
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        PushedRequestStore pushedRequests;
        RequestObjectRoute.KeyLookup requestObjectKeys;
        boolean pushedRequestsRequired;
        boolean fapi2;
        boolean implicit;
        ReadyTokenLifecycle lifecycle;
        final Map<String, String> acrByMethod = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Serves revocation and introspection with this lifecycle, on the flow {@code install} configures,
         * and revokes the access tokens of a grant whose code or refresh token is reused.
         *
         * @param lifecycle the ready token lifecycle, shared by the flows of a design
         * @return this builder
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009">RFC 7009</a>
         */
        public Builder lifecycle(ReadyTokenLifecycle lifecycle) {
            this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
            return this;
        }

        /**
         * The authentication context class reference ({@code acr}) a sign-in by this method achieves, stated in
         * the ID token and the access token (OIDC Core section 2, RFC 9068 section 2.2.1); without one, no
         * {@code acr} is stated. The ready sign-in form is {@link #PASSWORD}. The {@code acr} is never taken from
         * the request: {@code acr_values} is a preference, and an essential {@code acr} claim (OIDC Core
         * section 5.5.1.1) that the method cannot achieve is {@code unmet_authentication_requirements}.
         *
         * @param method the RFC 8176 {@code amr} value of the method, such as {@code pwd}
         * @param acr the {@code acr} it achieves, such as {@code urn:example:loa:1}
         * @return this builder
         * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#acrSemantics">OpenID Connect Core
         *     section 5.5.1.1</a>
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc9470#section-4">RFC 9470 section 4</a>
         */
        public Builder acrForMethod(String method, String acr) {
            Objects.requireNonNull(method, "method");
            if (acr == null || acr.isBlank() || acr.contains(" ")) {
                throw new IllegalArgumentException("An acr value is a non-empty string without spaces");
            }
            acrByMethod.put(method, acr);
            return this;
        }

        /** The registered clients and the hasher of their secrets. */
        public Builder clients(ClientStore store, ClientSecretHasher hasher) {
            this.clients = store;
            this.secrets = hasher;
            return this;
        }

        /** The authorization code store. */
        public Builder codes(AuthorizationCodeStore store) {
            this.codes = store;
            return this;
        }

        /** The refresh token store. */
        public Builder refreshTokens(RefreshTokenStore store) {
            this.refreshTokens = store;
            return this;
        }

        /** The consent store. */
        public Builder consents(ConsentStore store) {
            this.consents = store;
            return this;
        }

        /** The session store. */
        public Builder sessions(SessionStore store) {
            this.sessions = store;
            return this;
        }

        /** The users. */
        public Builder users(UserAccounts accounts) {
            this.users = accounts;
            return this;
        }

        /**
         * The limits of password sign-in: failures counted per account and per address, growing delays, a
         * temporary lockout. By default {@link SignInGuard#builder()} on this flow's clock, whose failures
         * live in this process only: give a server of several nodes a guard on a shared attempt store.
         *
         * @param guard the guard, shared with the device verification page
         * @return this builder
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10.10">RFC 6749 section 10.10</a>
         */
        public Builder signInGuard(SignInGuard guard) {
            this.signIn = Objects.requireNonNull(guard, "guard");
            return this;
        }

        /** The authorization code lifetime; 60 s by default (RFC 6749 section 4.1.2: at most 10 minutes). */
        public Builder codeTtl(Duration ttl) {
            this.codeTtl = ttl;
            return this;
        }

        /** The absolute lifetime of a refresh token family; 30 days by default. */
        public Builder refreshTokenTtl(Duration ttl) {
            this.refreshTokenTtl = ttl;
            return this;
        }

        /** The sign-in session lifetime; 8 hours by default. */
        public Builder sessionTtl(Duration ttl) {
            this.sessionTtl = ttl;
            return this;
        }

        /**
         * Whether refresh tokens rotate at every use, with reuse detection that revokes the family (RFC 9700
         * section 4.14.2); on by default. Off, a refresh answers with the same refresh token, which stays
         * live until the family's absolute expiry or revocation, for a confidential client (the token is
         * constrained by the client's authentication) or a token bound to a DPoP key; a public client's
         * unbound token still rotates. A client of the FAPI 2.0 profile never rotates, whatever this says
         * (FAPI 2.0 Security Profile section 5.3.2.1).
         *
         * @param on whether refresh tokens rotate
         * @return this builder
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.14.2">RFC 9700 section
         *     4.14.2</a>
         * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1">FAPI
         *     2.0 Security Profile section 5.3.2.1</a>
         */
        public Builder refreshTokenRotation(boolean on) {
            this.refreshTokenRotation = on;
            return this;
        }

        /** How long a rotated refresh token may be presented again without revoking its family; 0 by default. */
        public Builder refreshGraceWindow(Duration window) {
            this.refreshGraceWindow = window;
            return this;
        }

        /**
         * Serves pushed authorization requests (RFC 9126) at {@code /oauth2/par}, kept in this store.
         *
         * @param store where pushed requests wait (shared by every node)
         * @param required whether every client must push its authorization requests
         * @return this builder
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc9126">RFC 9126</a>
         */
        public Builder pushedRequests(PushedRequestStore store, boolean required) {
            this.pushedRequests = Objects.requireNonNull(store, "store");
            this.pushedRequestsRequired = required;
            return this;
        }

        /**
         * Accepts signed request objects (RFC 9101) verified with these keys, for example
         * {@code RegisteredClientKeys::signingKeys}.
         *
         * @param keys the clients' request object signing keys
         * @return this builder
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc9101">RFC 9101</a>
         */
        public Builder requestObjects(RequestObjectRoute.KeyLookup keys) {
            this.requestObjectKeys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * Holds every client to the FAPI 2.0 Security Profile (final), as {@code ClientSettings.fapi2()} holds
         * one client: pushed authorization requests required ({@code invalid_request} at the authorization
         * endpoint otherwise), PKCE with S256 only, {@code private_key_jwt} with PS256 or ES256 assertions
         * whose {@code aud} is the issuer alone, as a string ({@code invalid_client} otherwise, at the PAR,
         * token, revocation and introspection endpoints), a DPoP proof of PS256, ES256 or EdDSA with every
         * token request ({@code invalid_dpop_proof} otherwise, and at the resources for the access tokens,
         * which carry {@link io.authdesign.dpop.DPoPToken#FAPI2_CLAIM}), refresh tokens that do not rotate
         * (section 5.3.2.1: a refresh answers with the same token), authorization codes of at most 60
         * seconds and {@code iss} in every authorization response (RFC 9207, always sent). Needs {@link
         * #pushedRequests}; a {@link #codeTtl} above 60 seconds is refused. The flow builder's ID token
         * algorithms, client authentication methods and DPoP proof algorithms are the application's to
         * restrict (PS256/ES256, {@code private_key_jwt}, PS256/ES256/EdDSA), so that the metadata tells the
         * truth.
         *
         * @param on whether the profile holds every client
         * @return this builder
         * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3">FAPI 2.0
         *     Security Profile section 5.3</a>
         */
        public Builder fapi2Profile(boolean on) {
            this.fapi2 = on;
            return this;
        }

        /**
         * Serves the OpenID Connect implicit flow (OpenID Connect Core 1.0 section 3.2): the response types
         * {@code id_token} and {@code id_token token}, for the clients that registered them ({@code
         * ClientSettings.responseTypes}), answered from the authorization endpoint after sign-in and consent
         * with an ID token signed with the client's {@code id_token_signed_response_alg} ({@code nonce}
         * required, {@code at_hash} with an access token) and, for {@code id_token token}, a Bearer access
         * token; never a refresh token. Off by default: RFC 9700 section 2.1.2 says clients should not use
         * them, since tokens in the front channel can leak and cannot be sender-constrained. Turn it on only
         * where OpenID Connect Discovery 1.0 section 3 (dynamic OpenID Providers) requires them. Refused with
         * {@link #fapi2Profile}; a FAPI 2.0 client never gets them.
         *
         * @param on whether the implicit response types are served
         * @return this builder
         * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ImplicitFlowAuth">OpenID Connect
         *     Core 1.0 section 3.2</a>
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-2.1.2">RFC 9700 section
         *     2.1.2</a>
         */
        public Builder implicitResponseTypes(boolean on) {
            this.implicit = on;
            return this;
        }

        /** The clock (tests). */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** The random source. */
        public Builder random(SecureRandom value) {
            this.random = value;
            return this;
        }

        /** Builds. */
        public ReadyAuthorizationCodeFlow build() {
            if (fapi2 && pushedRequests == null) {
                throw new IllegalStateException(
                        "The FAPI 2.0 profile requires pushed authorization requests: call pushedRequests(...)");
            }
            if (fapi2 && codeTtl.compareTo(Fapi2Profile.MAX_CODE_TTL) > 0) {
                throw new IllegalStateException("The FAPI 2.0 profile allows authorization codes of at most 60"
                        + " seconds (FAPI 2.0 Security Profile section 5.3.2.1), not " + codeTtl);
            }
            if (fapi2 && implicit) {
                throw new IllegalStateException("The FAPI 2.0 profile allows the response type code only (FAPI 2.0"
                        + " Security Profile section 5.3.2): leave implicitResponseTypes off");
            }
            if (signIn == null) {
                signIn = SignInGuard.builder().clock(clock).build();
            }
            return new ReadyAuthorizationCodeFlow(this);
        }
    }
}
