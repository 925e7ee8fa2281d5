package io.authdesign.ready;

import io.authdesign.OAuth2Exception;
import io.authdesign.http.Cookie;
import io.authdesign.http.CsrfProtection;
import io.authdesign.http.Endpoint;
import io.authdesign.http.FormCodec;
import io.authdesign.http.FormParameters;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.internal.Issuer;
import io.authdesign.jwt.JwtAuthority;
import io.authdesign.jwt.JwtVerification;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.jwt.VerificationRules;
import io.authdesign.store.ClientStore;
import io.authdesign.store.EndedSession;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.store.SessionGrant;
import io.authdesign.store.SessionStore;
import io.authdesign.store.UserSession;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * OpenID Connect RP-Initiated Logout 1.0 for the sessions of {@link ReadyAuthorizationCodeFlow}: the
 * {@code end_session_endpoint} (GET and POST, default {@value #DEFAULT_PATH}).
 *
 * <p>Rules: an {@code id_token_hint} must be an ID token of this issuer, verified with its keys and expired
 * for less than {@link #EXPIRED_HINT_TOLERANCE} if at all; it names the client (its {@code aud}, which a
 * {@code client_id} sent beside it must match); a {@code post_logout_redirect_uri} is followed only when it is registered, by exact match, for that client
 * ({@code ClientSettings.postLogoutRedirectUris}), with {@code state} passed back; anything else is an
 * error page, never a redirect. A signed-in browser is asked to confirm (a CSRF-protected form bound to
 * the session), and only the confirmed POST ends the session and clears its cookie. A hint from another
 * session or user than the browser's (its {@code sid} or {@code sub} differ) is said so on that page, so a
 * stale hint never ends the current session unnoticed (section 2: the OP MUST ask then). Without a session
 * the request succeeds at once (the session is already gone) and ends nothing: a hint alone never ends a
 * session.
 *
 * <p>Ending a session (OpenID Connect Back-Channel Logout 1.0 section 2.7) also ends what it granted: the
 * refresh token families of its grants and, through the {@link Builder#lifecycle lifecycle}, the JWT access
 * tokens of those grants ({@code grant_id}) are revoked, and an authorization code it issued is no longer
 * redeemed; a grant with {@value #OFFLINE_ACCESS} survives (OpenID Connect Core 1.0 section 11), as in
 * Keycloak and node-oidc-provider. Every client of the session with a {@code backchannel_logout_uri} is sent
 * a logout token, with {@code sid}, all in parallel; the page waits for them a bounded time ({@link
 * Builder#backchannelWait}, 1 s by default) and never fails because of a relying party.
 *
 * @see <a href="https://openid.net/specs/openid-connect-rpinitiated-1_0.html">OpenID Connect RP-Initiated
 *     Logout 1.0</a>
 * @see <a href="https://openid.net/specs/openid-connect-backchannel-1_0.html">OpenID Connect Back-Channel
 *     Logout 1.0</a>
 */
public final class ReadyLogout {

    /** The default path of the end-session endpoint. */
    public static final String DEFAULT_PATH = "/oauth2/logout";

    /**
     * The scope of grants that outlive the sign-in session ({@code offline_access}, OpenID Connect Core 1.0
     * section 11): logout leaves their refresh tokens working.
     */
    public static final String OFFLINE_ACCESS = "offline_access";

    /**
     * How long after its expiry an {@code id_token_hint} is still accepted: section 2 asks the OP to accept
     * the ID token of a recent session even when its {@code exp} has passed, since a relying party signs
     * its user out long after the ID token it holds expired. Its key must still be published.
     */
    public static final Duration EXPIRED_HINT_TOLERANCE = Duration.ofDays(1);

    /**
     * How long the logout page waits, by default, for the logout tokens to be delivered before it answers:
     * long enough for a relying party that answers at once, short enough for the user not to notice.
     */
    public static final Duration DEFAULT_BACKCHANNEL_WAIT = Duration.ofSeconds(1);

    /** The default bound of a back-channel logout request: connection and answer, 5 seconds each. */
    public static final Duration DEFAULT_BACKCHANNEL_TIMEOUT = Duration.ofSeconds(5);

    static final String CSRF_COOKIE = "authdesign_logout_csrf";

    private final String issuer;
    private final String path;
    private final ClientStore clients;
    private final SessionStore sessions;
    private final Supplier<Optional<JwtAuthority>> keys;
    private final Clock clock;
    private final boolean secure;
    private final CsrfProtection csrf;
    private final ReadyTokenLifecycle lifecycle;
    private final RefreshTokenStore refreshTokens;
    private final BackchannelLogout backchannel;
    private final Duration backchannelWait;

    private ReadyLogout(Builder builder) {
        this.issuer = Objects.requireNonNull(builder.issuer, "issuer");
        this.path = builder.path;
        this.clients = Objects.requireNonNull(builder.clients, "clients");
        this.sessions = Objects.requireNonNull(builder.sessions, "sessions");
        this.keys = Objects.requireNonNull(builder.keys, "keys");
        this.clock = builder.clock;
        this.secure = issuer.startsWith("https:");
        this.csrf = new CsrfProtection(CSRF_COOKIE, secure, Optional.of(ReadyAuthorizationCodeFlow.SESSION_COOKIE));
        this.lifecycle = builder.lifecycle;
        this.refreshTokens = builder.refreshTokens;
        if (lifecycle == null && refreshTokens == null) {
            throw new IllegalStateException(
                    "Logout revokes the session's grants: give it the lifecycle or the refresh token store");
        }
        this.backchannelWait = builder.backchannelWait;
        this.backchannel =
                new BackchannelLogout(issuer, builder.logoutTokenAlgorithm, builder.backchannelTimeout, clock);
    }

    /**
     * Starts the endpoint; issuer, clients, sessions, keys, and the lifecycle (or the refresh token store)
     * that revokes the ended sessions' grants are required.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The endpoints to mount with the design's ({@code MultipleFlowsBuilder.addEndpoints}). */
    public List<Endpoint> endpoints() {
        return List.of(new Endpoint("GET", path, this::handle), new Endpoint("POST", path, this::handle));
    }

    /**
     * The discovery members: {@code end_session_endpoint} (RP-Initiated Logout 1.0 section 2.1), {@code
     * backchannel_logout_supported} and {@code backchannel_logout_session_supported} (Back-Channel Logout 1.0
     * section 2.1: logout tokens always carry {@code sid}, and ID tokens of a session carry it too).
     */
    public Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("end_session_endpoint", Issuer.url(issuer, path));
        metadata.put("backchannel_logout_supported", true);
        metadata.put("backchannel_logout_session_supported", true);
        return metadata;
    }

    /**
     * What the request asks once checked: where to send the browser afterwards, if anywhere, and the
     * session and user of its {@code id_token_hint}.
     */
    private record Checked(
            Optional<String> clientId,
            Optional<String> redirectUri,
            Optional<String> state,
            Optional<String> hintSid,
            Optional<String> hintSubject) {

        /** Whether the hint names another session or user than {@code session}. */
        boolean hintsAtAnotherSession(UserSession session) {
            return hintSid.filter(sid -> !sid.equals(session.sid())).isPresent()
                    || hintSubject.filter(sub -> !sub.equals(session.subject())).isPresent();
        }
    }

    HttpResponse handle(HttpRequest request) {
        FormParameters params;
        try {
            params = "POST".equals(request.method())
                    ? FormParameters.parse(request.body())
                    : FormParameters.parse(Optional.ofNullable(request.query()).orElse(""));
        } catch (OAuth2Exception e) {
            return page(400, "Sign-out failed", "The sign-out request is malformed.");
        }
        Checked checked;
        try {
            checked = check(params);
        } catch (IllegalArgumentException e) {
            return page(400, "Sign-out failed", e.getMessage());
        }
        Optional<UserSession> session = currentSession(request);
        if (session.isEmpty()) {
            return finish(checked, List.of());
        }
        if ("POST".equals(request.method()) && params.has("logout")) {
            if (!csrf.matches(request, params.get(CsrfProtection.FIELD))) {
                return page(403, "Sign-out failed", "The form expired. Go back and try again.");
            }
            if (!"yes".equals(params.get("logout").orElse(""))) {
                return page(200, "Still signed in", "You are still signed in.");
            }
            sessions.end(session.get().id()).ifPresent(this::endGrants);
            Cookie cleared = Cookie.of(Cookie.hostName(ReadyAuthorizationCodeFlow.SESSION_COOKIE, secure), "")
                    .secure(secure)
                    .maxAge(Duration.ZERO);
            return finish(checked, List.of(cleared));
        }
        return confirmation(request, checked, session.get());
    }

    /** RP-Initiated Logout 1.0 section 2: the hint, the client and the redirect URI checked together. */
    private Checked check(FormParameters params) {
        Optional<String> clientId = params.get("client_id");
        Optional<String> hint = params.get("id_token_hint");
        Optional<String> hintSid = Optional.empty();
        Optional<String> hintSubject = Optional.empty();
        if (hint.isPresent()) {
            Map<String, Object> claims = verifiedClaims(hint.get());
            hintSid = claims.get("sid") instanceof String sid ? Optional.of(sid) : Optional.empty();
            hintSubject = claims.get("sub") instanceof String sub ? Optional.of(sub) : Optional.empty();
            List<String> audience = audience(claims);
            if (clientId.isPresent() && !audience.contains(clientId.get())) {
                throw new IllegalArgumentException("The client_id is not the audience of the id_token_hint.");
            }
            if (clientId.isEmpty() && audience.size() == 1) {
                clientId = Optional.of(audience.get(0));
            }
        }
        Optional<String> redirectUri = params.get("post_logout_redirect_uri");
        if (redirectUri.isPresent()) {
            if (clientId.isEmpty()) {
                // section 2: the URI is checked against the registration of the client the hint (or client_id) names
                throw new IllegalArgumentException(
                        "The post_logout_redirect_uri needs an id_token_hint (or client_id) naming its client.");
            }
            Optional<RegisteredClient> client = clientId.flatMap(clients::find);
            if (client.isEmpty() || !client.get().settings().hasPostLogoutRedirectUri(redirectUri.get())) {
                throw new IllegalArgumentException("The post_logout_redirect_uri is not registered for this client.");
            }
        }
        return new Checked(clientId, redirectUri, params.get("state"), hintSid, hintSubject);
    }

    /**
     * The claims of an ID token signed by this issuer's keys, unexpired or expired for less than {@link
     * #EXPIRED_HINT_TOLERANCE}; refused otherwise.
     */
    private Map<String, Object> verifiedClaims(String idToken) {
        Optional<JwtAuthority> authority = keys.get();
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("The id_token_hint cannot be verified.");
        }
        VerificationRules rules =
                new VerificationRules(EnumSet.allOf(SigningAlgorithm.class), "JWT", issuer, java.util.Set.of());
        if (!(authority.get().verifier().verifyExpiredUpTo(idToken, rules, EXPIRED_HINT_TOLERANCE)
                instanceof JwtVerification.Verified verified)) {
            throw new IllegalArgumentException("The id_token_hint is not a valid ID token of this server.");
        }
        return verified.claims();
    }

    private static List<String> audience(Map<String, Object> claims) {
        Object aud = claims.get("aud");
        List<String> audience = new ArrayList<>();
        if (aud instanceof String single) {
            audience.add(single);
        } else if (aud instanceof List<?> many) {
            many.forEach(value -> audience.add(String.valueOf(value)));
        }
        return audience;
    }

    /**
     * Back-Channel Logout 1.0 section 2.7: every client of the session is told (in the background, each
     * once), and the grants that end with the session are revoked on every node.
     */
    private void endGrants(EndedSession ended) {
        Set<String> notified = new LinkedHashSet<>();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (SessionGrant grant : ended.grants()) {
            if (notified.add(grant.clientId())) {
                notify(grant.clientId(), ended.session()).ifPresent(sent::add);
            }
        }
        for (SessionGrant grant : ended.grants()) {
            if (grant.offline()) {
                continue; // offline_access: meant to work without the user signed in (OIDC Core section 11)
            }
            if (lifecycle != null) {
                lifecycle.revokeGrant(grant.grantId());
            } else {
                refreshTokens.revokeGrant(grant.grantId());
            }
        }
        awaitBriefly(sent);
    }

    /**
     * Waits at most {@link Builder#backchannelWait} for the logout tokens to be delivered, so that a relying
     * party that answers at once has ended its session before the browser reaches it; a slower one is
     * left to finish in the background.
     */
    private void awaitBriefly(List<CompletableFuture<Void>> sent) {
        if (sent.isEmpty() || backchannelWait.isZero()) {
            return;
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .get(backchannelWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still in flight (or failed, which the sender logs): the page does not wait longer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<CompletableFuture<Void>> notify(String clientId, UserSession session) {
        Optional<RegisteredClient> client = clients.find(clientId);
        Optional<JwtAuthority> authority = keys.get();
        if (client.isPresent() && client.get().settings().backchannelLogoutUri() != null && authority.isPresent()) {
            return Optional.of(backchannel.send(authority.get(), client.get(), session));
        }
        return Optional.empty();
    }

    private Optional<UserSession> currentSession(HttpRequest request) {
        return request.cookie(Cookie.hostName(ReadyAuthorizationCodeFlow.SESSION_COOKIE, secure))
                .flatMap(sessions::find)
                .filter(session -> !session.isExpiredAt(clock.instant()));
    }

    /** To the registered post-logout redirect URI with {@code state}, or the signed-out page. */
    private HttpResponse finish(Checked checked, List<Cookie> cookies) {
        HttpResponse response;
        if (checked.redirectUri().isPresent()) {
            String location = checked.redirectUri().get();
            if (checked.state().isPresent()) {
                location += (location.contains("?") ? "&" : "?") + "state="
                        + FormCodec.encode(checked.state().get());
            }
            response = HttpResponse.redirect(location);
        } else {
            response = page(200, "Signed out", "You are signed out.");
        }
        return cookies.isEmpty()
                ? response
                : response.withHeaders(Map.of(
                        "Set-Cookie",
                        cookies.stream().map(Cookie::toSetCookieHeader).toList()));
    }

    private HttpResponse confirmation(HttpRequest request, Checked checked, UserSession session) {
        CsrfProtection.Nonce nonce = csrf.nonce(request);
        String question = "<p>Do you want to sign out of " + escape(issuer) + "?</p>";
        if (checked.hintsAtAnotherSession(session)) {
            question = "<p>The application asked to end a session that is not this browser's current one (it"
                    + " has already ended, or belongs to another account). You are still signed in to "
                    + escape(issuer) + ". Do you want to sign out of this session too?</p>";
        }
        StringBuilder form = new StringBuilder();
        form.append("<form method=\"post\" action=\"").append(escape(path)).append("\">");
        form.append(hidden(CsrfProtection.FIELD, csrf.token(nonce, csrf.session(request))));
        checked.clientId().ifPresent(id -> form.append(hidden("client_id", id)));
        checked.redirectUri().ifPresent(uri -> form.append(hidden("post_logout_redirect_uri", uri)));
        checked.state().ifPresent(state -> form.append(hidden("state", state)));
        form.append("<button type=\"submit\" name=\"logout\" value=\"yes\">Sign out</button> ");
        form.append("<button type=\"submit\" name=\"logout\" value=\"no\">Stay signed in</button></form>");
        HttpResponse.Builder page = HttpResponse.html(200, html("Sign out?", question + form));
        if (nonce.isNew()) {
            page.cookie(csrf.cookie(nonce));
        }
        return page.build();
    }

    private static HttpResponse page(int status, String title, String message) {
        return HttpResponse.html(status, html(title, "<p>" + escape(message) + "</p>"))
                .build();
    }

    private static String html(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head><body><h1>" + escape(title) + "</h1>" + body + "</body></html>";
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Builds a {@link ReadyLogout}. */
    public static final class Builder {
        private String issuer;
        private String path = DEFAULT_PATH;
        private ClientStore clients;
        private SessionStore sessions;
        private Supplier<Optional<JwtAuthority>> keys;
        private Clock clock = Clock.systemUTC();
        private ReadyTokenLifecycle lifecycle;
        private RefreshTokenStore refreshTokens;
        private SigningAlgorithm logoutTokenAlgorithm = SigningAlgorithm.RS256;
        private Duration backchannelTimeout = DEFAULT_BACKCHANNEL_TIMEOUT;
        private Duration backchannelWait = DEFAULT_BACKCHANNEL_WAIT;

        private Builder() {}

        /** The issuer: the {@code iss} of accepted hints and the base of the endpoint's URL. */
        public Builder issuer(String value) {
            this.issuer = value;
            return this;
        }

        /** The endpoint's path; {@value #DEFAULT_PATH} by default. */
        public Builder path(String value) {
            if (value == null || !value.startsWith("/")) {
                throw new IllegalArgumentException("A path starts with /");
            }
            this.path = value;
            return this;
        }

        /** The registered clients, whose post-logout redirect URIs are followed. */
        public Builder clients(ClientStore value) {
            this.clients = value;
            return this;
        }

        /** The sign-in sessions of the authorization code flow. */
        public Builder sessions(SessionStore value) {
            this.sessions = value;
            return this;
        }

        /** The keys that verify {@code id_token_hint}s, such as {@code design::jwtAuthority} once built. */
        public Builder keys(Supplier<Optional<JwtAuthority>> value) {
            this.keys = value;
            return this;
        }

        /** The clock sessions expire by. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Revokes the ended session's grants through this lifecycle: their refresh token families and their
         * JWT access tokens ({@code grant_id}), on every node sharing its stores. Give it or {@link
         * #refreshTokens}.
         *
         * @param value the lifecycle of the flows whose sessions this endpoint ends
         * @return this builder
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.1">RFC 7009 section 2.1</a>
         */
        public Builder lifecycle(ReadyTokenLifecycle value) {
            this.lifecycle = Objects.requireNonNull(value, "lifecycle");
            return this;
        }

        /**
         * Revokes the refresh token families of the ended session's grants in this store, for a design without
         * a {@link #lifecycle} (its JWT access tokens then live to their expiry).
         *
         * @param value the flows' refresh token store
         * @return this builder
         */
        public Builder refreshTokens(RefreshTokenStore value) {
            this.refreshTokens = Objects.requireNonNull(value, "refreshTokens");
            return this;
        }

        /**
         * The algorithm of logout tokens for clients without an {@code id_token_signed_response_alg}: the
         * flows' default ID token algorithm ({@code RS256} unless they set another), since a relying party
         * verifies logout tokens as it does ID tokens (Back-Channel Logout 1.0 section 2.6).
         *
         * @param value the algorithm
         * @return this builder
         */
        public Builder logoutTokenAlgorithm(SigningAlgorithm value) {
            this.logoutTokenAlgorithm = Objects.requireNonNull(value, "algorithm");
            return this;
        }

        /**
         * How long a back-channel logout request may take to connect, and then to be answered; the whole
         * exchange, body included, is cut at twice this. {@link #DEFAULT_BACKCHANNEL_TIMEOUT} by default.
         * Requests run in the background either way.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder backchannelTimeout(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("A back-channel timeout is positive");
            }
            this.backchannelTimeout = value;
            return this;
        }

        /**
         * How long the logout page waits for the logout tokens to be delivered, all in parallel, before it
         * answers; {@link #DEFAULT_BACKCHANNEL_WAIT} by default, {@link Duration#ZERO} not to wait. Requests
         * still in flight then finish in the background, within {@link #backchannelTimeout}.
         *
         * @param value zero or a positive duration
         * @return this builder
         */
        public Builder backchannelWait(Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("A back-channel wait is zero or positive");
            }
            this.backchannelWait = value;
            return this;
        }

        /** Builds the endpoint. */
        public ReadyLogout build() {
            return new ReadyLogout(this);
        }
    }
}
