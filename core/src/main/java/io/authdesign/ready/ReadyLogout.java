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
import io.authdesign.store.RegisteredClient;
import io.authdesign.store.SessionStore;
import io.authdesign.store.UserSession;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * OpenID Connect RP-Initiated Logout 1.0 for the sessions of {@link ReadyAuthorizationCodeFlow}: the
 * {@code end_session_endpoint} (GET and POST, default {@value #DEFAULT_PATH}).
 *
 * <p>Rules: an {@code id_token_hint} must be an unexpired ID token of this issuer, verified with its keys,
 * and names the client (its {@code aud}, which a {@code client_id} sent beside it must match); a {@code
 * post_logout_redirect_uri} is followed only when it is registered, by exact match, for that client
 * ({@code ClientSettings.postLogoutRedirectUris}), with {@code state} passed back; anything else is an
 * error page, never a redirect. A signed-in browser is asked to confirm (a CSRF-protected form bound to
 * the session), and only the confirmed POST ends the session and clears its cookie.
 *
 * @see <a href="https://openid.net/specs/openid-connect-rpinitiated-1_0.html">OpenID Connect RP-Initiated
 *     Logout 1.0</a>
 */
public final class ReadyLogout {

    /** The default path of the end-session endpoint. */
    public static final String DEFAULT_PATH = "/oauth2/logout";

    static final String CSRF_COOKIE = "authdesign_logout_csrf";

    private final String issuer;
    private final String path;
    private final ClientStore clients;
    private final SessionStore sessions;
    private final Supplier<Optional<JwtAuthority>> keys;
    private final Clock clock;
    private final boolean secure;
    private final CsrfProtection csrf;

    private ReadyLogout(Builder builder) {
        this.issuer = Objects.requireNonNull(builder.issuer, "issuer");
        this.path = builder.path;
        this.clients = Objects.requireNonNull(builder.clients, "clients");
        this.sessions = Objects.requireNonNull(builder.sessions, "sessions");
        this.keys = Objects.requireNonNull(builder.keys, "keys");
        this.clock = builder.clock;
        this.secure = issuer.startsWith("https:");
        this.csrf = new CsrfProtection(CSRF_COOKIE, secure, Optional.of(ReadyAuthorizationCodeFlow.SESSION_COOKIE));
    }

    /** Starts the endpoint; issuer, clients, sessions and keys are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The endpoints to mount with the design's ({@code MultipleFlowsBuilder.addEndpoints}). */
    public List<Endpoint> endpoints() {
        return List.of(new Endpoint("GET", path, this::handle), new Endpoint("POST", path, this::handle));
    }

    /** The discovery member ({@code end_session_endpoint}, RP-Initiated Logout 1.0 section 2.1). */
    public Map<String, Object> metadata() {
        return Map.of("end_session_endpoint", Issuer.url(issuer, path));
    }

    /** What the request asks once checked: where to send the browser afterwards, if anywhere. */
    private record Checked(Optional<String> clientId, Optional<String> redirectUri, Optional<String> state) {}

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
            sessions.delete(session.get().id());
            Cookie cleared = Cookie.of(Cookie.hostName(ReadyAuthorizationCodeFlow.SESSION_COOKIE, secure), "")
                    .secure(secure)
                    .maxAge(Duration.ZERO);
            return finish(checked, List.of(cleared));
        }
        return confirmation(request, checked);
    }

    /** RP-Initiated Logout 1.0 section 2: the hint, the client and the redirect URI checked together. */
    private Checked check(FormParameters params) {
        Optional<String> clientId = params.get("client_id");
        Optional<String> hint = params.get("id_token_hint");
        if (hint.isPresent()) {
            List<String> audience = verifiedAudience(hint.get());
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
        return new Checked(clientId, redirectUri, params.get("state"));
    }

    /** The {@code aud} of an unexpired ID token signed by this issuer's keys; refused otherwise. */
    private List<String> verifiedAudience(String idToken) {
        Optional<JwtAuthority> authority = keys.get();
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("The id_token_hint cannot be verified.");
        }
        VerificationRules rules =
                new VerificationRules(EnumSet.allOf(SigningAlgorithm.class), "JWT", issuer, java.util.Set.of());
        if (!(authority.get().verifier().verify(idToken, rules) instanceof JwtVerification.Verified verified)) {
            throw new IllegalArgumentException("The id_token_hint is not a valid ID token of this server.");
        }
        Object aud = verified.claims().get("aud");
        List<String> audience = new ArrayList<>();
        if (aud instanceof String single) {
            audience.add(single);
        } else if (aud instanceof List<?> many) {
            many.forEach(value -> audience.add(String.valueOf(value)));
        }
        return audience;
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

    private HttpResponse confirmation(HttpRequest request, Checked checked) {
        CsrfProtection.Nonce nonce = csrf.nonce(request);
        StringBuilder form = new StringBuilder();
        form.append("<form method=\"post\" action=\"").append(escape(path)).append("\">");
        form.append(hidden(CsrfProtection.FIELD, csrf.token(nonce, csrf.session(request))));
        checked.clientId().ifPresent(id -> form.append(hidden("client_id", id)));
        checked.redirectUri().ifPresent(uri -> form.append(hidden("post_logout_redirect_uri", uri)));
        checked.state().ifPresent(state -> form.append(hidden("state", state)));
        form.append("<button type=\"submit\" name=\"logout\" value=\"yes\">Sign out</button> ");
        form.append("<button type=\"submit\" name=\"logout\" value=\"no\">Stay signed in</button></form>");
        HttpResponse.Builder page = HttpResponse.html(
                200, html("Sign out?", "<p>Do you want to sign out of " + escape(issuer) + "?</p>" + form));
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

        /** Builds the endpoint. */
        public ReadyLogout build() {
            return new ReadyLogout(this);
        }
    }
}
