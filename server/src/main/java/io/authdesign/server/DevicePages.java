package io.authdesign.server;

import io.authdesign.http.Cookie;
import io.authdesign.ready.ReadyAuthorizationCodeFlow;
import io.authdesign.ready.ReadyDeviceFlow;
import io.authdesign.ready.SignInGuard;
import io.authdesign.ready.UserAccounts;
import io.authdesign.store.DeviceAuthorization;
import io.authdesign.store.SessionStore;
import io.authdesign.store.UserSession;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The device verification pages (RFC 8628 section 3.3): the user enters the code shown on the device,
 * signs in (sharing the authorization endpoint's session), sees the client and scopes, and allows or
 * denies. Every form carries a CSRF token checked against a cookie; pages are not cacheable nor framable.
 */
final class DevicePages {

    static final String PATH = "/device";
    private static final String CSRF_COOKIE = "authdesign_device_csrf";

    private final Pages pages;
    private final ReadyDeviceFlow flow;
    private final SessionStore sessions;
    private final UserAccounts users;
    private final SignInGuard signIn;
    private final Clock clock;
    private final SecureRandom random;
    private final boolean secure;

    DevicePages(
            Pages pages,
            ReadyDeviceFlow flow,
            SessionStore sessions,
            UserAccounts users,
            SignInGuard signIn,
            Clock clock,
            SecureRandom random,
            boolean secure) {
        this.pages = pages;
        this.flow = flow;
        this.sessions = sessions;
        this.users = users;
        this.signIn = signIn;
        this.clock = clock;
        this.random = random;
        this.secure = secure;
    }

    /** GET /device: the code entry form, pre-filled from {@code user_code}. */
    void show(Context ctx) {
        String csrf = csrf(ctx);
        Map<String, Object> scope = pages.base("Connect a device", csrf, PATH);
        Optional.ofNullable(ctx.queryParam("user_code")).ifPresent(code -> scope.put("userCode", code));
        send(ctx, 200, pages.html("device", scope));
    }

    /** POST /device: code, then sign-in if needed, then the decision. */
    void submit(Context ctx) {
        String csrf = csrf(ctx);
        if (!csrfMatches(ctx)) {
            Map<String, Object> scope = pages.base("Connect a device", csrf, PATH);
            scope.put("error", "The form expired: please try again.");
            send(ctx, 403, pages.html("device", scope));
            return;
        }
        String userCode =
                Optional.ofNullable(ctx.formParam("user_code")).orElse("").strip();
        Optional<DeviceAuthorization> device = flow.pending(userCode);
        if (device.isEmpty()) {
            Map<String, Object> scope = pages.base("Connect a device", csrf, PATH);
            scope.put("userCode", userCode);
            scope.put("error", "This code is unknown or has expired.");
            send(ctx, 400, pages.html("device", scope));
            return;
        }
        Optional<UserSession> session = session(ctx);
        String username = ctx.formParam("username");
        if (session.isEmpty() && username != null) {
            SignInGuard.Outcome outcome = signIn.signIn(
                    users,
                    username,
                    Optional.ofNullable(ctx.formParam("password")).orElse(""),
                    ctx.ip());
            if (outcome instanceof SignInGuard.TryLater later) {
                Map<String, Object> scope = pages.base("Sign in", csrf, PATH);
                scope.put("usernameField", "username");
                scope.put("passwordField", "password");
                scope.put("userCode", userCode);
                scope.put(
                        "error",
                        later.status() == 429
                                ? "Too many sign-in attempts: try again in " + later.retryAfterSeconds() + " s."
                                : "The server is busy: try again in " + later.retryAfterSeconds() + " s.");
                ctx.header("Retry-After", Long.toString(later.retryAfterSeconds()));
                send(ctx, later.status(), pages.html("login", scope));
                return;
            }
            Optional<String> subject = outcome instanceof SignInGuard.SignedIn signedIn
                    ? Optional.of(signedIn.subject())
                    : Optional.empty();
            if (subject.isPresent()) {
                UserSession created =
                        sessions.create(subject.get(), clock.instant(), null, Set.of("pwd"), Duration.ofHours(8));
                ctx.res()
                        .addHeader(
                                "Set-Cookie",
                                Cookie.of(
                                                Cookie.hostName(ReadyAuthorizationCodeFlow.SESSION_COOKIE, secure),
                                                created.id())
                                        .secure(secure)
                                        .maxAge(Duration.ofHours(8))
                                        .toSetCookieHeader());
                session = Optional.of(created);
            }
        }
        if (session.isEmpty()) {
            Map<String, Object> scope = pages.base("Sign in", csrf, PATH);
            scope.put("usernameField", "username");
            scope.put("passwordField", "password");
            scope.put("userCode", userCode);
            scope.put("client", flow.clientName(device.get().clientId()));
            if (username != null) {
                scope.put("error", "Wrong username or password");
            }
            send(ctx, username != null ? 401 : 200, pages.html("login", scope));
            return;
        }
        String decision = ctx.formParam("decision");
        if (decision == null) {
            Map<String, Object> scope = pages.base("Allow access", csrf, PATH);
            scope.put("client", flow.clientName(device.get().clientId()));
            scope.put("subject", session.get().subject());
            scope.put("scopes", List.copyOf(device.get().scopes()));
            scope.put("userCode", userCode);
            scope.put("decisionField", "decision");
            send(ctx, 200, pages.html("consent", scope));
            return;
        }
        boolean approved = decision.equals("approve")
                && flow.approve(userCode, session.get().subject(), session.get().authTime());
        if (!approved) {
            flow.deny(userCode);
        }
        Map<String, Object> scope = pages.base(approved ? "Device connected" : "Access denied", csrf, PATH);
        scope.put(
                "message",
                approved ? "Your device is connected: you can return to it now." : "The device was not given access.");
        send(ctx, 200, pages.html("message", scope));
    }

    private Optional<UserSession> session(Context ctx) {
        return Optional.ofNullable(ctx.cookie(Cookie.hostName(ReadyAuthorizationCodeFlow.SESSION_COOKIE, secure)))
                .flatMap(sessions::find)
                .filter(session -> !session.isExpiredAt(clock.instant()));
    }

    /** The CSRF token of this browser, set as a cookie when it has none. */
    private String csrf(Context ctx) {
        String existing = ctx.cookie(CSRF_COOKIE);
        if (existing != null && existing.length() >= 32) {
            return existing;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        Cookie.of(CSRF_COOKIE, token).path(PATH).secure(secure).toSetCookieHeader());
        return token;
    }

    private static boolean csrfMatches(Context ctx) {
        String cookie = ctx.cookie(CSRF_COOKIE);
        String field = ctx.formParam("csrf_token");
        return cookie != null
                && field != null
                && MessageDigest.isEqual(
                        cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Context ctx, int status, String html) {
        ctx.status(status)
                .header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .contentType("text/html;charset=UTF-8")
                .result(html);
    }
}
