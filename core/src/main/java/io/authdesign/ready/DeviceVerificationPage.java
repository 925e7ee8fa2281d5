package io.authdesign.ready;

import io.authdesign.OAuth2Exception;
import io.authdesign.http.Cookie;
import io.authdesign.http.CsrfProtection;
import io.authdesign.http.Endpoint;
import io.authdesign.http.FormParameters;
import io.authdesign.http.FormRequest;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.internal.RoutePaths;
import io.authdesign.store.DeviceAuthorization;
import io.authdesign.store.SessionStore;
import io.authdesign.store.UserSession;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device verification page of the ready device flow (RFC 8628 section 3.3), as endpoints to add to the
 * design ({@link #endpoints()}, GET and POST at {@link #DEFAULT_PATH}, for
 * {@link io.authdesign.flow.MultipleFlowsBuilder#addEndpoints}): the user enters the code shown on
 * the device, signs in (sharing the authorization endpoint's session cookie, through the same {@link
 * SignInGuard}), sees the client and scopes, and allows or denies. Forms are parsed by the token endpoint's
 * rules ({@link FormRequest#parse}: a malformed or {@code multipart/form-data} body is a 400 page, never a
 * 500) and carry a CSRF token bound to the session ({@link CsrfProtection}). Wrong user codes are counted
 * per browser session and per client address in the guard's {@link io.authdesign.store.AttemptStore}
 * (RFC 8628 section 5.1): past the {@link AttemptLimits}, code entry is answered 429 with
 * {@code Retry-After} without looking the code up. Pages are rendered by a
 * {@link Renderer}; the default one is plain escaped HTML.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.3">RFC 8628 section 3.3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10.12">RFC 6749 section 10.12</a>
 */
public final class DeviceVerificationPage {

    /** The default path, the {@code verification_uri} the ready device flow is given. */
    public static final String DEFAULT_PATH = "/device";

    /** The user code field. */
    public static final String USER_CODE_FIELD = "user_code";

    /** The username field of the sign-in step. */
    public static final String USERNAME_FIELD = "username";

    /** The password field of the sign-in step. */
    public static final String PASSWORD_FIELD = "password";

    /** The consent step's field: {@code approve} or {@code deny}. */
    public static final String DECISION_FIELD = "decision";

    /** The CSRF nonce cookie, shared with the authorization endpoint's pages. */
    static final String CSRF_COOKIE = "authdesign_csrf";

    private static final Logger LOG = LoggerFactory.getLogger(DeviceVerificationPage.class);

    /** The steps of the page. */
    public enum Step {
        /** The code entry form. */
        ENTER_CODE,
        /** The sign-in form, carrying the user code. */
        SIGN_IN,
        /** The consent form: client and scopes, {@value #DECISION_FIELD} {@code approve} or {@code deny}. */
        CONSENT,
        /** The device was given access. */
        APPROVED,
        /** The device was refused access. */
        DENIED
    }

    /**
     * What a renderer shows.
     *
     * @param step the step
     * @param status the HTTP status of the page
     * @param formAction where forms post
     * @param csrfToken the value of the hidden {@value CsrfProtection#FIELD} field of every form
     * @param error the error to show, if any
     * @param userCode the user code as typed (escape it), empty on the first entry form
     * @param clientName the client's display name from the sign-in step on, else empty
     * @param scopes the scopes of the consent step, else empty
     * @param subject the signed-in user from the consent step on, else empty
     */
    public record View(
            Step step,
            int status,
            String formAction,
            String csrfToken,
            Optional<String> error,
            String userCode,
            String clientName,
            Set<String> scopes,
            String subject) {
        /** Copies the scopes. */
        public View {
            Objects.requireNonNull(step, "step");
            scopes = Set.copyOf(scopes);
        }
    }

    /** Renders a step of the page. */
    @FunctionalInterface
    public interface Renderer {
        /**
         * Renders the page; a {@code Retry-After} or cookies the step needs are added to the response.
         *
         * @param view what to show
         * @param request the request
         * @return the page, with {@code view.status()}
         * @throws Exception on failure: the browser gets a plain 500 page, the failure is logged
         */
        HttpResponse render(View view, HttpRequest request) throws Exception;
    }

    private final ReadyDeviceFlow flow;
    private final SessionStore sessions;
    private final UserAccounts users;
    private final SignInGuard signIn;
    private final String path;
    private final boolean secure;
    private final Duration sessionTtl;
    private final Clock clock;
    private final Renderer renderer;
    private final CsrfProtection csrf;
    private final Throttle throttle;
    private final AttemptLimits sessionLimits;
    private final AttemptLimits addressLimits;

    private DeviceVerificationPage(Builder builder) {
        this.flow = Objects.requireNonNull(builder.flow, "flow");
        this.sessions = Objects.requireNonNull(builder.sessions, "sessions");
        this.users = Objects.requireNonNull(builder.users, "users");
        this.signIn = Objects.requireNonNull(builder.signIn, "signInGuard");
        this.path = builder.path;
        this.secure = Objects.requireNonNull(builder.issuer, "issuer").startsWith("https:");
        this.sessionTtl = builder.sessionTtl;
        this.clock = builder.clock;
        this.renderer = builder.renderer;
        this.csrf = new CsrfProtection(CSRF_COOKIE, secure, Optional.of(ReadyAuthorizationCodeFlow.SESSION_COOKIE));
        this.throttle = new Throttle(signIn.attempts(), signIn.clock());
        this.sessionLimits = builder.sessionLimits;
        this.addressLimits = builder.addressLimits;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** GET and POST at the page's path, to add to the design's endpoints. */
    public List<Endpoint> endpoints() {
        return List.of(new Endpoint("GET", path, this::show), new Endpoint("POST", path, this::submit));
    }

    /** The state of one request: the browser's CSRF nonce and the cookies the response sets. */
    private final class Exchange {
        final HttpRequest http;
        final CsrfProtection.Nonce nonce;
        final List<Cookie> cookies = new ArrayList<>();
        String userCode = "";

        Exchange(HttpRequest http) {
            this.http = http;
            this.nonce = csrf.nonce(http);
            if (nonce.isNew()) {
                cookies.add(csrf.cookie(nonce));
            }
        }

        HttpResponse page(Step step, int status, String error, DeviceAuthorization device, UserSession session) {
            View view = new View(
                    step,
                    status,
                    path,
                    csrf.token(nonce, csrf.session(http, cookies)),
                    Optional.ofNullable(error),
                    userCode,
                    device == null ? "" : flow.clientName(device.clientId()),
                    device == null || step != Step.CONSENT ? Set.of() : device.scopes(),
                    session == null ? "" : session.subject());
            HttpResponse response;
            try {
                response = renderer.render(view, http);
            } catch (Exception e) {
                LOG.error("The device verification page renderer failed", e);
                response = HttpResponse.html(500, "<!DOCTYPE html><title>Error</title><p>The page cannot be shown.</p>")
                        .build();
            }
            List<String> setCookies =
                    cookies.stream().map(Cookie::toSetCookieHeader).toList();
            return setCookies.isEmpty() ? response : response.withHeaders(Map.of("Set-Cookie", setCookies));
        }
    }

    /** GET: the code entry form, pre-filled from {@code user_code} (the {@code verification_uri_complete}). */
    HttpResponse show(HttpRequest http) {
        Exchange exchange = new Exchange(http);
        try {
            exchange.userCode =
                    FormParameters.parse(http.query()).get(USER_CODE_FIELD).orElse("");
        } catch (OAuth2Exception e) {
            return exchange.page(Step.ENTER_CODE, 400, e.error().description(), null, null);
        }
        return exchange.page(Step.ENTER_CODE, 200, null, null, null);
    }

    /** POST: the code, then sign-in if needed, then the decision. */
    HttpResponse submit(HttpRequest http) {
        Exchange exchange = new Exchange(http);
        FormParameters form;
        try {
            form = FormRequest.parse(http).form();
        } catch (OAuth2Exception e) {
            return exchange.page(Step.ENTER_CODE, 400, e.error().description(), null, null);
        }
        if (!csrf.matches(http, form.get(CsrfProtection.FIELD))) {
            return exchange.page(Step.ENTER_CODE, 403, "The form expired: please try again.", null, null);
        }
        exchange.userCode = form.get(USER_CODE_FIELD).orElse("").strip();
        Throttle.Key browser = Throttle.Key.of("user code session", exchange.nonce.value(), sessionLimits);
        Throttle.Key from = Throttle.Key.ofAddress("user code address", http.remoteAddress(), addressLimits);
        Optional<Duration> blocked = throttle.blocked(browser, from);
        if (blocked.isPresent()) {
            long seconds = Throttle.seconds(blocked.get());
            return exchange.page(
                            Step.ENTER_CODE, 429, "Too many wrong codes: try again in " + seconds + " s.", null, null)
                    .withHeaders(Map.of("Retry-After", List.of(Long.toString(seconds))));
        }
        Optional<DeviceAuthorization> device =
                exchange.userCode.isEmpty() ? Optional.empty() : flow.pending(exchange.userCode);
        if (device.isEmpty()) {
            throttle.fail(browser, from);
            return exchange.page(Step.ENTER_CODE, 400, "This code is unknown or has expired.", null, null);
        }
        Optional<UserSession> session = session(http);
        Optional<String> username = form.get(USERNAME_FIELD);
        if (session.isEmpty() && username.isPresent()) {
            switch (signIn.signIn(
                    users, username.get(), form.get(PASSWORD_FIELD).orElse(""), http.remoteAddress())) {
                case SignInGuard.SignedIn signedIn -> session = Optional.of(startSession(exchange, signedIn));
                case SignInGuard.Refused refused -> {
                    return exchange.page(Step.SIGN_IN, 401, "Wrong username or password", device.get(), null);
                }
                case SignInGuard.TryLater later -> {
                    RetryLaterText text = RetryLaterText.of(later);
                    return exchange.page(Step.SIGN_IN, later.status(), text.message(), device.get(), null)
                            .withHeaders(Map.of("Retry-After", List.of(text.seconds())));
                }
            }
        }
        if (session.isEmpty()) {
            return exchange.page(Step.SIGN_IN, 200, null, device.get(), null);
        }
        Optional<String> decision = form.get(DECISION_FIELD);
        if (decision.isEmpty()) {
            return exchange.page(Step.CONSENT, 200, null, device.get(), session.get());
        }
        boolean approved = decision.get().equals("approve")
                && flow.approve(
                        exchange.userCode,
                        session.get().subject(),
                        session.get().authTime());
        if (!approved) {
            flow.deny(exchange.userCode);
        }
        return exchange.page(approved ? Step.APPROVED : Step.DENIED, 200, null, device.get(), session.get());
    }

    private UserSession startSession(Exchange exchange, SignInGuard.SignedIn signedIn) {
        UserSession created = sessions.create(signedIn.subject(), clock.instant(), null, Set.of("pwd"), sessionTtl);
        exchange.cookies.add(Cookie.of(Cookie.hostName(ReadyAuthorizationCodeFlow.SESSION_COOKIE, secure), created.id())
                .secure(secure)
                .maxAge(sessionTtl));
        return created;
    }

    private Optional<UserSession> session(HttpRequest http) {
        return http.cookie(Cookie.hostName(ReadyAuthorizationCodeFlow.SESSION_COOKIE, secure))
                .flatMap(sessions::find)
                .filter(session -> !session.isExpiredAt(clock.instant()));
    }

    /** The words and {@code Retry-After} of a refused attempt, the same as the authorization endpoint's. */
    private record RetryLaterText(String message, String seconds) {
        static RetryLaterText of(SignInGuard.TryLater later) {
            return new RetryLaterText(
                    AuthorizationInteraction.retryLater(later).message(), Long.toString(later.retryAfterSeconds()));
        }
    }

    /** Builds a {@link DeviceVerificationPage}. */
    public static final class Builder {
        private ReadyDeviceFlow flow;
        private SessionStore sessions;
        private UserAccounts users;
        private SignInGuard signIn;
        private String issuer;
        private String path = DEFAULT_PATH;
        private Duration sessionTtl = Duration.ofHours(8);
        private Clock clock = Clock.systemUTC();
        private Renderer renderer = DefaultDevicePages::render;
        private AttemptLimits sessionLimits = AttemptLimits.USER_CODE_SESSION_DEFAULTS;
        private AttemptLimits addressLimits = AttemptLimits.USER_CODE_ADDRESS_DEFAULTS;

        private Builder() {}

        /**
         * The limits on wrong user codes per browser session and per client address (RFC 8628 section 5.1),
         * counted in the sign-in guard's attempt store; {@link AttemptLimits#USER_CODE_SESSION_DEFAULTS} and
         * {@link AttemptLimits#USER_CODE_ADDRESS_DEFAULTS} by default.
         *
         * @param perSession the limits per browser session
         * @param perAddress the limits per client address
         * @return this builder
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-5.1">RFC 8628 section 5.1</a>
         */
        public Builder userCodeLimits(AttemptLimits perSession, AttemptLimits perAddress) {
            this.sessionLimits = Objects.requireNonNull(perSession, "perSession");
            this.addressLimits = Objects.requireNonNull(perAddress, "perAddress");
            return this;
        }

        /** The device flow whose pending requests the page approves or denies. */
        public Builder flow(ReadyDeviceFlow value) {
            this.flow = value;
            return this;
        }

        /** The sign-in sessions, shared with the authorization endpoint. */
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
         * The sign-in limits, shared with the ready authorization code flow; wrong user codes are counted in
         * its attempt store too.
         */
        public Builder signInGuard(SignInGuard guard) {
            this.signIn = guard;
            return this;
        }

        /** The issuer: under https, cookies are {@code Secure} and {@code __Host-} prefixed. */
        public Builder issuer(String value) {
            this.issuer = value;
            return this;
        }

        /** The path; {@link #DEFAULT_PATH} by default. */
        public Builder path(String value) {
            this.path = RoutePaths.check(value);
            return this;
        }

        /** The lifetime of a session started here; 8 hours by default. */
        public Builder sessionTtl(Duration ttl) {
            this.sessionTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** The pages' renderer; plain escaped HTML by default. */
        public Builder renderer(Renderer value) {
            this.renderer = Objects.requireNonNull(value, "renderer");
            return this;
        }

        /** The clock. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Builds. */
        public DeviceVerificationPage build() {
            return new DeviceVerificationPage(this);
        }
    }
}
