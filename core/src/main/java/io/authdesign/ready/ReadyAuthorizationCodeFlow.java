package io.authdesign.ready;

import com.nimbusds.jwt.SignedJWT;
import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.TokenResult;
import io.authdesign.authorize.AuthorizationContext;
import io.authdesign.authorize.AuthorizationRequest;
import io.authdesign.authorize.AuthorizationResult;
import io.authdesign.authorize.ClientCheck;
import io.authdesign.flow.AuthorizationCodeFlowBuilder;
import io.authdesign.flow.OIDCAuthorizationCodeBuilder;
import io.authdesign.http.Cookie;
import io.authdesign.http.HttpRequest;
import io.authdesign.store.AuthorizationCodeGrant;
import io.authdesign.store.AuthorizationCodeStore;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import io.authdesign.store.CodeRedemption;
import io.authdesign.store.ConsentStore;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.store.SessionStore;
import io.authdesign.store.UserSession;
import io.authdesign.token.AuthorizationCodeTokenContext;
import io.authdesign.token.GrantType;
import io.authdesign.token.Pkce;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A complete, standards-correct authorization code flow on the store SPIs, built only on the public API:
 * {@link #install} wires the authorization route (client check, sign-in with a session cookie, remembered
 * consent, {@code prompt}, {@code max_age}, {@code id_token_hint}), the token route (single-use codes
 * bound to client, redirect URI and PKCE challenge; a reused code revokes what its first redemption
 * issued), the refresh route (rotation with reuse detection that revokes the family) and, for OIDC, the
 * userinfo route (claims by scope). Every part can be replaced by the user's own lambda afterwards.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1">RFC 6749 section 4.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700">RFC 9700</a>
 */
public final class ReadyAuthorizationCodeFlow {

    /** The session cookie. */
    public static final String SESSION_COOKIE = "authdesign_session";

    /** The consent form field: {@code approve} or {@code deny}. */
    public static final String CONSENT_FIELD = io.authdesign.authorize.ConsentPrompt.FIELD;

    private final ClientStore clients;
    private final AuthorizationCodeStore codes;
    private final RefreshTokenStore refreshTokens;
    private final ConsentStore consents;
    private final SessionStore sessions;
    private final UserAccounts users;
    private final ClientVerifier verifier;
    private final TokenIssuer issuer;
    private final Duration codeTtl;
    private final Duration sessionTtl;
    private final RefreshGrant refresh;
    private final Clock clock;
    private final SecureRandom random;

    private ReadyAuthorizationCodeFlow(Builder builder) {
        this.clients = Objects.requireNonNull(builder.clients, "clients");
        this.codes = Objects.requireNonNull(builder.codes, "codes");
        this.refreshTokens = Objects.requireNonNull(builder.refreshTokens, "refreshTokens");
        this.consents = Objects.requireNonNull(builder.consents, "consents");
        this.sessions = Objects.requireNonNull(builder.sessions, "sessions");
        this.users = Objects.requireNonNull(builder.users, "users");
        this.clock = builder.clock;
        this.random = builder.random;
        this.verifier = new ClientVerifier(clients, Objects.requireNonNull(builder.secrets, "secrets"), clock);
        this.issuer = new TokenIssuer(refreshTokens, users, builder.refreshTokenTtl, clock, random);
        this.codeTtl = builder.codeTtl;
        this.sessionTtl = builder.sessionTtl;
        this.refresh = new RefreshGrant(refreshTokens, verifier, issuer, builder.refreshGraceWindow, clock);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Configures a flow builder's authorization, token, refresh and (OIDC) userinfo routes.
     *
     * @param flow the flow builder
     * @param <B> its type
     * @return the flow builder
     */
    public <B extends AuthorizationCodeFlowBuilder<B>> B install(B flow) {
        flow.authorizationRoute(route -> route.validateClient(this::checkClient).generateCode(this::generateCode))
                .tokenRoute(route -> route.generateToken(this::exchangeCode))
                .refreshTokenRoute(route -> route.generateToken(refresh::refresh));
        if (flow instanceof OIDCAuthorizationCodeBuilder oidc) {
            // The access tokens are this flow's JWTs: without verifying them, userinfo accepts none.
            oidc.useAccessTokenJwks(true)
                    .userinfoRoute(route -> route.generateClaims((credentials, request) -> StandardClaims.forUserinfo(
                            credentials.scopes(), credentials.claims(), users.claims(credentials.subject()))));
        }
        return flow;
    }

    /** RFC 6749 section 3.1.2.3: exact match with a registered redirect URI; required when several. */
    ClientCheck checkClient(String clientId, Optional<String> redirectUri) {
        Optional<RegisteredClient> client = clients.find(clientId);
        if (client.isEmpty()) {
            return ClientCheck.invalid("Unknown client");
        }
        if (redirectUri.isPresent()) {
            return client.get().hasRedirectUri(redirectUri.get())
                    ? ClientCheck.valid(redirectUri.get(), client.get().requirePkce())
                    : ClientCheck.invalid("The redirect URI is not registered for this client");
        }
        if (client.get().redirectUris().size() != 1) {
            return ClientCheck.invalid("The request must name one of the client's redirect URIs");
        }
        return ClientCheck.valid(
                client.get().redirectUris().get(0), client.get().requirePkce());
    }

    AuthorizationResult generateCode(AuthorizationContext ctx, HttpRequest http) {
        AuthorizationRequest request = ctx.request();
        RegisteredClient client = clients.find(request.clientId()).orElseThrow();
        if (!client.allowsGrantType(GrantType.AUTHORIZATION_CODE.value())) {
            return AuthorizationResult.error(OAuth2Error.of(
                    OAuth2ErrorCode.UNAUTHORIZED_CLIENT, "The client may not use the authorization code grant"));
        }
        if (request.claims()
                .filter(claims -> !StandardClaims.isWellFormed(claims))
                .isPresent()) {
            return AuthorizationResult.error(
                    OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, "The claims parameter is not valid JSON"));
        }
        Optional<UserSession> session = currentSession(ctx, http);
        if (ctx.isPost() && ctx.username().isPresent()) {
            Optional<String> subject =
                    users.authenticate(ctx.username().get(), ctx.password().orElse(""));
            if (subject.isEmpty()) {
                return null;
            }
            session.ifPresent(old -> sessions.delete(old.id()));
            UserSession fresh = sessions.create(subject.get(), clock.instant(), null, Set.of("pwd"), sessionTtl);
            ctx.setCookie(Cookie.of(SESSION_COOKIE, fresh.id())
                    .secure(ctx.issuer().startsWith("https:"))
                    .maxAge(sessionTtl));
            session = Optional.of(fresh);
        } else if (session.isPresent() && mustSignInAgain(request, session.get(), ctx.isPost())) {
            session = Optional.empty();
        }
        if (session.isEmpty()) {
            return request.prompt().contains("none")
                    ? AuthorizationResult.error(
                            OAuth2Error.of(OAuth2ErrorCode.LOGIN_REQUIRED, "The user is not signed in"))
                    : null;
        }
        return consent(ctx, client, session.get());
    }

    private AuthorizationResult consent(AuthorizationContext ctx, RegisteredClient client, UserSession session) {
        AuthorizationRequest request = ctx.request();
        Set<String> scopes = new LinkedHashSet<>(request.scope());
        scopes.retainAll(client.scopes());
        Optional<String> decision = ctx.isPost() ? ctx.formField(CONSENT_FIELD) : Optional.empty();
        if (decision.filter("deny"::equals).isPresent()) {
            return AuthorizationResult.deny();
        }
        if (decision.filter("approve"::equals).isPresent()) {
            consents.grant(session.subject(), client.clientId(), scopes);
        }
        boolean consented =
                consents.grantedScopes(session.subject(), client.clientId()).containsAll(scopes);
        boolean askAgain = request.prompt().contains("consent") && decision.isEmpty();
        if (!consented || askAgain) {
            return request.prompt().contains("none")
                    ? AuthorizationResult.error(
                            OAuth2Error.of(OAuth2ErrorCode.CONSENT_REQUIRED, "The user has not approved this client"))
                    : AuthorizationResult.continueAuthorization(new Interaction.Consent(
                            session.subject(),
                            client.clientId(),
                            client.clientName() == null ? client.clientId() : client.clientName(),
                            scopes));
        }
        return AuthorizationResult.code(issueCode(request, session, scopes));
    }

    private String issueCode(AuthorizationRequest request, UserSession session, Set<String> scopes) {
        String code = issuer.randomToken();
        Instant now = clock.instant();
        AuthorizationCodeGrant.Builder grant = AuthorizationCodeGrant.builder()
                .code(code)
                .clientId(request.clientId())
                .redirectUri(request.redirectUriSent() ? request.redirectUri() : null)
                .subject(session.subject())
                .scopes(scopes)
                .authTime(session.authTime())
                .grantId(issuer.randomToken())
                .lifetime(now, now.plus(codeTtl));
        request.codeChallenge()
                .ifPresent(challenge -> grant.codeChallenge(
                        challenge, request.codeChallengeMethod().orElseThrow()));
        request.nonce().ifPresent(grant::nonce);
        request.claims().ifPresent(grant::claimsRequest);
        request.dpopJkt().ifPresent(grant::dpopJkt);
        acr(request).ifPresent(grant::acr);
        codes.save(grant.build());
        return code;
    }

    /** The one authentication level of the ready handler, named when the client asks for an acr. */
    private static Optional<String> acr(AuthorizationRequest request) {
        if (request.acrValues().isPresent()) {
            return Optional.of(request.acrValues().get().split(" ")[0]);
        }
        return request.claims()
                .map(StandardClaims::requestedAcr)
                .filter(values -> !values.isEmpty())
                .map(v -> v.get(0));
    }

    private Optional<UserSession> currentSession(AuthorizationContext ctx, HttpRequest http) {
        Instant now = clock.instant();
        return http.cookie(SESSION_COOKIE).flatMap(sessions::find).filter(session -> !session.isExpiredAt(now));
    }

    /**
     * {@code prompt=login}, an exceeded {@code max_age}, or an {@code id_token_hint} for another user. The
     * first two apply to the request, not to the consent form posted after signing in during it (else
     * {@code max_age=0} would ask to sign in again forever).
     */
    private boolean mustSignInAgain(AuthorizationRequest request, UserSession session, boolean post) {
        if (request.prompt().contains("login") && !post) {
            return true;
        }
        if (request.maxAge().isPresent()
                && !post
                && Duration.between(session.authTime(), clock.instant()).toSeconds()
                        > request.maxAge().get()) {
            return true;
        }
        return request.idTokenHint()
                .flatMap(ReadyAuthorizationCodeFlow::hintSubject)
                .filter(subject -> !subject.equals(session.subject()))
                .isPresent();
    }

    /**
     * The {@code sub} of an ID token hint. It is read without verification on purpose: it only decides
     * whether to ask the user to sign in again, never grants anything.
     */
    private static Optional<String> hintSubject(String idTokenHint) {
        try {
            return Optional.ofNullable(
                    SignedJWT.parse(idTokenHint).getJWTClaimsSet().getSubject());
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    TokenResult exchangeCode(AuthorizationCodeTokenContext ctx, HttpRequest http) {
        ClientVerifier.Outcome outcome = verifier.verify(ctx);
        if (outcome instanceof ClientVerifier.Refused refused) {
            return refused.error();
        }
        RegisteredClient client = ((ClientVerifier.Verified) outcome).client();
        return switch (codes.consume(ctx.code())) {
            case CodeRedemption.Unknown unknown -> invalidGrant("The authorization code is invalid or expired");
            case CodeRedemption.AlreadyRedeemed reused -> {
                refreshTokens.revokeGrant(reused.grant().grantId());
                yield invalidGrant("The authorization code was already used");
            }
            case CodeRedemption.Redeemed redeemed -> redeem(ctx, client, redeemed.grant());
        };
    }

    private TokenResult redeem(
            AuthorizationCodeTokenContext ctx, RegisteredClient client, AuthorizationCodeGrant grant) {
        if (!grant.clientId().equals(ctx.clientId())) {
            return invalidGrant("The authorization code was issued to another client");
        }
        if (grant.redirectUri() != null
                && !ctx.redirectUri().filter(grant.redirectUri()::equals).isPresent()) {
            return invalidGrant("The redirect_uri does not match the authorization request");
        }
        if (grant.dpopJkt() != null
                && !ctx.dpopJkt().filter(grant.dpopJkt()::equals).isPresent()) {
            return invalidGrant("The authorization code is bound to another DPoP key (dpop_jkt)");
        }
        Optional<OAuth2Error> pkce = checkPkce(grant, ctx.codeVerifier());
        if (pkce.isPresent()) {
            return pkce.get();
        }
        return issuer.issue(
                ctx,
                client,
                new TokenIssuer.Grant(
                        grant.subject(),
                        grant.scopes(),
                        grant.authTime(),
                        grant.nonce(),
                        grant.acr(),
                        grant.claimsRequest(),
                        grant.grantId()));
    }

    /** RFC 7636 section 4.6, and RFC 9700 section 4.8.2: a verifier for a code without challenge is refused. */
    private static Optional<OAuth2Error> checkPkce(AuthorizationCodeGrant grant, Optional<String> verifier) {
        if (grant.codeChallenge() == null) {
            return verifier.isPresent()
                    ? Optional.of(invalidGrant("code_verifier sent for a code issued without code_challenge"))
                    : Optional.empty();
        }
        if (verifier.isEmpty() || !Pkce.isWellFormedVerifier(verifier.get())) {
            return Optional.of(invalidGrant("The code_verifier is missing or malformed"));
        }
        boolean matches = grant.codeChallengeMethod().equals("plain")
                ? MessageDigest.isEqual(
                        verifier.get().getBytes(StandardCharsets.US_ASCII),
                        grant.codeChallenge().getBytes(StandardCharsets.US_ASCII))
                : Pkce.verifyCodeVerifier(verifier.get(), grant.codeChallenge());
        return matches ? Optional.empty() : Optional.of(invalidGrant("The code_verifier does not match"));
    }

    private static OAuth2Error invalidGrant(String description) {
        return OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, description);
    }

    /** Builds a {@link ReadyAuthorizationCodeFlow}; every store is required. */
    public static final class Builder {
        private ClientStore clients;
        private ClientSecretHasher secrets;
        private AuthorizationCodeStore codes;
        private RefreshTokenStore refreshTokens;
        private ConsentStore consents;
        private SessionStore sessions;
        private UserAccounts users;
        private Duration codeTtl = Duration.ofSeconds(60);
        private Duration refreshTokenTtl = Duration.ofDays(30);
        private Duration sessionTtl = Duration.ofHours(8);
        private Duration refreshGraceWindow = Duration.ZERO;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();

        private Builder() {}

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

        /** How long a rotated refresh token may be presented again without revoking its family; 0 by default. */
        public Builder refreshGraceWindow(Duration window) {
            this.refreshGraceWindow = window;
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
            return new ReadyAuthorizationCodeFlow(this);
        }
    }
}
