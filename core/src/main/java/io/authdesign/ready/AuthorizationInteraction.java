package io.authdesign.ready;

import com.nimbusds.jwt.SignedJWT;
import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.authorize.AuthorizationContext;
import io.authdesign.authorize.AuthorizationRequest;
import io.authdesign.authorize.AuthorizationResult;
import io.authdesign.authorize.ClientCheck;
import io.authdesign.authorize.RetryLater;
import io.authdesign.http.Cookie;
import io.authdesign.http.HttpRequest;
import io.authdesign.store.AuthorizationCodeGrant;
import io.authdesign.store.AuthorizationCodeStore;
import io.authdesign.store.ClientStore;
import io.authdesign.store.ConsentStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.store.SessionGrant;
import io.authdesign.store.SessionStore;
import io.authdesign.store.UserSession;
import io.authdesign.token.GrantType;
import io.authdesign.token.ResourceIndicators;
import io.authdesign.token.ResponseTypes;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The interaction half of the ready authorization code flow, behind the authorization endpoint: the client
 * and redirect URI check, sign-in with a session cookie, {@code prompt}, {@code max_age},
 * {@code id_token_hint}, remembered consent, and the single-use code bound to what the request asked.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.1">RFC 6749 section 4.1.1</a>
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest">OpenID Connect Core
 *     section 3.1.2</a>
 */
final class AuthorizationInteraction {

    /** OpenID Connect Core Error Code unmet_authentication_requirements 1.0, RFC 9470 section 4. */
    private static final OAuth2Error UNMET_AUTHENTICATION = OAuth2Error.of(
            OAuth2ErrorCode.UNMET_AUTHENTICATION_REQUIREMENTS, "The requested authentication context cannot be met");

    private final ClientStore clients;
    private final AuthorizationCodeStore codes;
    private final ConsentStore consents;
    private final SessionStore sessions;
    private final UserAccounts users;
    private final SignInGuard signIn;
    private final TokenIssuer issuer;
    private final Duration codeTtl;
    private final Fapi2Profile fapi2;
    private final Duration sessionTtl;
    private final Clock clock;
    private final String passwordAcr;
    private final ImplicitResponse implicit;

    /** The interaction of a ready flow: its stores, lifetimes and clock, and the flow's token issuer. */
    AuthorizationInteraction(ReadyAuthorizationCodeFlow.Builder settings, TokenIssuer issuer, Fapi2Profile fapi2) {
        this.fapi2 = fapi2;
        this.clients = Objects.requireNonNull(settings.clients, "clients");
        this.codes = Objects.requireNonNull(settings.codes, "codes");
        this.consents = Objects.requireNonNull(settings.consents, "consents");
        this.sessions = Objects.requireNonNull(settings.sessions, "sessions");
        this.users = Objects.requireNonNull(settings.users, "users");
        this.signIn = Objects.requireNonNull(settings.signIn, "signIn");
        this.issuer = issuer;
        this.codeTtl = settings.codeTtl;
        this.sessionTtl = settings.sessionTtl;
        this.clock = settings.clock;
        this.passwordAcr = settings.acrByMethod.get(ReadyAuthorizationCodeFlow.PASSWORD);
        this.implicit = new ImplicitResponse(sessions, users, issuer);
    }

    /**
     * RFC 6749 section 3.1.2.3: exact match with a registered redirect URI; required when several. The
     * verdict carries the client's PKCE and RFC 9126 section 6 pushed-request requirements.
     */
    ClientCheck checkClient(String clientId, Optional<String> redirectUri) {
        Optional<RegisteredClient> found = clients.find(clientId);
        if (found.isEmpty()) {
            return ClientCheck.invalid("Unknown client");
        }
        RegisteredClient client = found.get();
        String chosen;
        if (redirectUri.isPresent()) {
            if (!client.hasRedirectUri(redirectUri.get())) {
                return ClientCheck.invalid("The redirect URI is not registered for this client");
            }
            chosen = redirectUri.get();
        } else if (client.redirectUris().size() == 1) {
            chosen = client.redirectUris().get(0);
        } else {
            return ClientCheck.invalid("The request must name one of the client's redirect URIs");
        }
        boolean fapi = fapi2.appliesTo(client); // FAPI 2.0 section 5.3.2.1: PAR and PKCE
        return ClientCheck.valid(chosen, client.requirePkce() || fapi)
                .withPushedRequestsRequired(client.settings().requirePushedAuthorizationRequests() || fapi);
    }

    AuthorizationResult generateCode(AuthorizationContext ctx, HttpRequest http) {
        AuthorizationRequest request = ctx.request();
        RegisteredClient client = clients.find(request.clientId()).orElseThrow();
        Optional<OAuth2Error> invalid = checkRequest(request, client);
        if (invalid.isPresent()) {
            return AuthorizationResult.error(invalid.get());
        }
        if (request.resource()
                .filter(resource -> !client.allowsResource(resource))
                .isPresent()) {
            return AuthorizationResult.error(ResourceIndicators.NOT_ALLOWED); // RFC 8707 section 2
        }
        Set<String> scopes = grantableScopes(request, client).orElseThrow();
        Optional<Set<String>> essentialAcr = request.claims().flatMap(StandardClaims::essentialAcr);
        Optional<UserSession> session = currentSession(ctx, http);
        if (ctx.isPost() && ctx.username().isPresent()) {
            Optional<String> subject;
            switch (signIn.signIn(users, ctx.username().get(), ctx.password().orElse(""), http.remoteAddress())) {
                case SignInGuard.SignedIn signedIn -> subject = Optional.of(signedIn.subject());
                case SignInGuard.Refused refused -> {
                    return null;
                }
                case SignInGuard.TryLater later -> {
                    return AuthorizationResult.continueAuthorization(retryLater(later));
                }
            }
            UserSession fresh = signedIn(session, subject.get());
            boolean secure = ctx.issuer().startsWith("https:");
            ctx.setCookie(Cookie.of(Cookie.hostName(ReadyAuthorizationCodeFlow.SESSION_COOKIE, secure), fresh.id())
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
        if (essentialAcr.isPresent() && !meets(essentialAcr.get(), session.get().acr())) {
            return AuthorizationResult.error(UNMET_AUTHENTICATION);
        }
        return consent(ctx, client, session.get(), scopes);
    }

    /**
     * The session of a user who just signed in: the same user signing in again keeps the session's
     * {@code sid} and grants under a new id (so logout still ends what the earlier sign-in granted); another
     * user replaces the session.
     */
    private UserSession signedIn(Optional<UserSession> current, String subject) {
        Set<String> amr = Set.of(ReadyAuthorizationCodeFlow.PASSWORD);
        if (current.isPresent() && current.get().subject().equals(subject)) {
            return sessions.renew(current.get(), clock.instant(), passwordAcr, amr, sessionTtl);
        }
        current.ifPresent(old -> sessions.delete(old.id()));
        return sessions.create(subject, clock.instant(), passwordAcr, amr, sessionTtl);
    }

    /** The page that says to come back later, with the same words whether the account exists or not. */
    static RetryLater retryLater(SignInGuard.TryLater later) {
        String message = later.status() == 429
                ? "Too many sign-in attempts: try again in " + later.retryAfterSeconds() + " s."
                : "The server is busy: try again in " + later.retryAfterSeconds() + " s.";
        return new RetryLater(later.status(), later.retryAfter(), message);
    }

    /**
     * The rules that refuse a request before anyone signs in: the grant type, the {@code claims} syntax, the
     * scope (RFC 6749 section 3.3), and an essential {@code acr} that no sign-in of this flow achieves.
     */
    private Optional<OAuth2Error> checkRequest(AuthorizationRequest request, RegisteredClient client) {
        if (request.isImplicit()) {
            Optional<OAuth2Error> refused = checkImplicit(request, client);
            if (refused.isPresent()) {
                return refused;
            }
        } else if (!client.allowsGrantType(GrantType.AUTHORIZATION_CODE.value())) {
            return Optional.of(OAuth2Error.of(
                    OAuth2ErrorCode.UNAUTHORIZED_CLIENT, "The client may not use the authorization code grant"));
        }
        if (fapi2.appliesTo(client) && !request.codeChallengeMethod().orElse("").equals("S256")) {
            return Optional.of(Fapi2Profile.S256_REQUIRED);
        }
        if (request.claims()
                .filter(claims -> !StandardClaims.isWellFormed(claims))
                .isPresent()) {
            return Optional.of(
                    OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, "The claims parameter is not valid JSON"));
        }
        if (grantableScopes(request, client).isEmpty()) {
            return Optional.of(OAuth2Error.of(
                    OAuth2ErrorCode.INVALID_SCOPE,
                    request.scope().isEmpty()
                            ? "The request has no scope and the client has no default scope"
                            : "The requested scope is not allowed for this client"));
        }
        Optional<Set<String>> essentialAcr = request.claims().flatMap(StandardClaims::essentialAcr);
        if (essentialAcr.isPresent() && !meets(essentialAcr.get(), passwordAcr)) {
            return Optional.of(UNMET_AUTHENTICATION);
        }
        return Optional.empty();
    }

    /**
     * RFC 6749 section 4.1.2.1 ({@code unauthorized_client}): an implicit response type only for a client that
     * registered it (OIDC Dynamic Client Registration 1.0 section 2), never for a FAPI 2.0 client (code only),
     * and {@code id_token token} never for a client whose access tokens must be DPoP-bound, since no proof
     * reaches the authorization endpoint (RFC 9449 section 5.2).
     */
    private Optional<OAuth2Error> checkImplicit(AuthorizationRequest request, RegisteredClient client) {
        if (fapi2.appliesTo(client)) {
            return Optional.of(OAuth2Error.of(
                    OAuth2ErrorCode.UNAUTHORIZED_CLIENT, "A FAPI 2.0 client uses the response type 'code' only"));
        }
        if (!client.settings().hasResponseType(request.responseType())) {
            return Optional.of(OAuth2Error.of(
                    OAuth2ErrorCode.UNAUTHORIZED_CLIENT, "The client has not registered this response type"));
        }
        if (request.responseType().equals(ResponseTypes.ID_TOKEN_TOKEN) && client.dpopBoundAccessTokens()) {
            return Optional.of(OAuth2Error.of(
                    OAuth2ErrorCode.UNAUTHORIZED_CLIENT,
                    "The client's access tokens are DPoP-bound: the authorization endpoint cannot issue them"));
        }
        return Optional.empty();
    }

    /**
     * OIDC Core section 5.5.1.1: an essential {@code acr} is met only by an authentication that achieved one
     * of the requested values (any value, when none is listed); never by echoing the request.
     */
    private static boolean meets(Set<String> essentialAcr, String achieved) {
        return achieved != null && (essentialAcr.isEmpty() || essentialAcr.contains(achieved));
    }

    /**
     * RFC 6749 section 3.3: the requested scope when the client is registered for all of it, or the
     * client's default scope (every scope it is registered for) when the request names none; empty when
     * that is not allowed or nothing, so that no grant is ever made for an empty scope that no consent
     * covers.
     */
    private static Optional<Set<String>> grantableScopes(AuthorizationRequest request, RegisteredClient client) {
        Set<String> scopes = new LinkedHashSet<>(request.scope().isEmpty() ? client.scopes() : request.scope());
        return scopes.isEmpty() || !client.scopes().containsAll(scopes) ? Optional.empty() : Optional.of(scopes);
    }

    /**
     * OIDC Core section 3.1.2.4: a grant needs the user's consent, given now or remembered for every scope
     * it carries and every claim the {@code claims} parameter requests beyond them (section 5.5);
     * {@code prompt=none} without it is {@code consent_required}.
     */
    private AuthorizationResult consent(
            AuthorizationContext ctx, RegisteredClient client, UserSession session, Set<String> scopes) {
        AuthorizationRequest request = ctx.request();
        Set<String> claims = requestedClaims(request, client);
        Set<String> extraClaims = new LinkedHashSet<>(claims);
        extraClaims.removeAll(StandardClaims.claimsOf(scopes));
        Set<String> needed = new LinkedHashSet<>(scopes);
        extraClaims.forEach(claim -> needed.add(ConsentStore.claimEntry(claim)));
        Optional<String> decision =
                ctx.isPost() ? ctx.formField(ReadyAuthorizationCodeFlow.CONSENT_FIELD) : Optional.empty();
        if (decision.filter("deny"::equals).isPresent()) {
            return AuthorizationResult.deny();
        }
        if (decision.filter("approve"::equals).isPresent()) {
            consents.grant(session.subject(), client.clientId(), needed);
            issuer.publish(
                    new io.authdesign.observe.AuthEvent.ConsentGranted(session.subject(), client.clientId(), needed));
        }
        boolean consented =
                consents.grantedScopes(session.subject(), client.clientId()).containsAll(needed);
        boolean askAgain = request.prompt().contains("consent") && decision.isEmpty();
        if (!consented || askAgain) {
            return request.prompt().contains("none")
                    ? AuthorizationResult.error(
                            OAuth2Error.of(OAuth2ErrorCode.CONSENT_REQUIRED, "The user has not approved this client"))
                    : AuthorizationResult.continueAuthorization(new Interaction.Consent(
                            session.subject(),
                            client.clientId(),
                            client.clientName() == null ? client.clientId() : client.clientName(),
                            scopes,
                            extraClaims));
        }
        if (request.isImplicit()) {
            return implicit.respond(ctx, client, session, scopes, claims);
        }
        return AuthorizationResult.code(issueCode(request, client, session, scopes, claims));
    }

    /**
     * OIDC Core section 5.5: the user claims the {@code claims} parameter requests (for the ID token or
     * userinfo) that the client may be given at all, by the scopes it is registered for; others are never
     * released, whatever the parameter says.
     */
    private static Set<String> requestedClaims(AuthorizationRequest request, RegisteredClient client) {
        Set<String> requested = new LinkedHashSet<>();
        request.claims().ifPresent(json -> {
            requested.addAll(StandardClaims.requested(json, "id_token"));
            requested.addAll(StandardClaims.requested(json, "userinfo"));
        });
        requested.retainAll(StandardClaims.claimsOf(client.scopes()));
        return requested;
    }

    private String issueCode(
            AuthorizationRequest request,
            RegisteredClient client,
            UserSession session,
            Set<String> scopes,
            Set<String> consentedClaims) {
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
                .sid(session.sid())
                .lifetime(now, now.plus(fapi2.codeTtl(client, codeTtl)));
        request.codeChallenge()
                .ifPresent(challenge -> grant.codeChallenge(
                        challenge, request.codeChallengeMethod().orElseThrow()));
        request.nonce().ifPresent(grant::nonce);
        // only the consented claims travel with the code: the tokens release nothing else
        request.claims()
                .map(json -> StandardClaims.restrict(json, consentedClaims))
                .ifPresent(grant::claimsRequest);
        request.dpopJkt().ifPresent(grant::dpopJkt);
        if (session.acr() != null) {
            grant.acr(session.acr()); // what the sign-in achieved, never what the request asked for
        }
        request.resource().ifPresent(resource -> grant.resources(Set.of(resource)));
        AuthorizationCodeGrant saved = grant.build();
        // recorded before the code is handed out, so that a logout racing the redemption finds the grant
        sessions.recordGrant(
                session,
                new SessionGrant(saved.clientId(), saved.grantId(), scopes.contains(ReadyLogout.OFFLINE_ACCESS)));
        codes.save(saved);
        return code;
    }

    private Optional<UserSession> currentSession(AuthorizationContext ctx, HttpRequest http) {
        Instant now = clock.instant();
        boolean secure = ctx.issuer().startsWith("https:");
        return http.cookie(Cookie.hostName(ReadyAuthorizationCodeFlow.SESSION_COOKIE, secure))
                .flatMap(sessions::find)
                .filter(session -> !session.isExpiredAt(now));
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
                .flatMap(AuthorizationInteraction::hintSubject)
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
}
