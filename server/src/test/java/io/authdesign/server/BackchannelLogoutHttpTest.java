package io.authdesign.server;

import static io.authdesign.server.PagesHttpTest.VERIFIER;
import static io.authdesign.server.PagesHttpTest.assertPage;
import static io.authdesign.server.PagesHttpTest.assertRedirect;
import static io.authdesign.server.PagesHttpTest.authorizeUrl;
import static io.authdesign.server.PagesHttpTest.encode;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect Back-Channel Logout 1.0 and the end of a session's grants at the reference server, against
 * a real relying-party receiver on loopback: ID tokens of the clients with a {@code backchannel_logout_uri}
 * name the session ({@code sid}), those of other clients do not; logout posts each
 * client of the session with a {@code backchannel_logout_uri} a signed logout token whose every claim is
 * checked; the session's refresh tokens and access tokens stop working, an {@code offline_access} grant
 * survives; a slow or unreachable receiver neither delays the logout nor logs a stack trace; a hint from
 * another session never ends one unasked.
 */
class BackchannelLogoutHttpTest {

    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            clients:
              - clientId: rp
                clientSecret: rp-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code, refresh_token]
                scopes: [openid, offline_access]
                redirectUris: [https://rp.example.com/cb]
                postLogoutRedirectUris: [https://rp.example.com/bye]
                backchannelLogoutUri: http://127.0.0.1:RP_PORT/rp/logout
                backchannelLogoutSessionRequired: true
              - clientId: ps
                clientSecret: ps-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid]
                redirectUris: [https://ps.example.com/cb]
                idTokenSignedResponseAlg: PS256
                backchannelLogoutUri: http://127.0.0.1:RP_PORT/rp/logout
              - clientId: quiet
                clientSecret: quiet-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code, refresh_token]
                scopes: [openid, offline_access]
                redirectUris: [https://quiet.example.com/cb]
              - clientId: slow
                clientSecret: slow-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid]
                redirectUris: [https://slow.example.com/cb]
                backchannelLogoutUri: http://127.0.0.1:RP_PORT/slow
              - clientId: moved
                clientSecret: moved-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid]
                redirectUris: [https://moved.example.com/cb]
                backchannelLogoutUri: http://127.0.0.1:RP_PORT/moved
              - clientId: down
                clientSecret: down-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid]
                redirectUris: [https://down.example.com/cb]
                backchannelLogoutUri: http://127.0.0.1:DOWN_PORT/logout
            users:
              - username: alice
                password: alice-password
            """;

    /** A request the relying party received: its path, content type and {@code logout_token}. */
    record Received(String path, String contentType, String logoutToken) {}

    static HttpServer receiver;
    static final BlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();
    static TestServer test;
    static JWKSet jwks;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/rp/logout", exchange -> {
            RECEIVED.add(received(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestBody()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/rp/logout");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        receiver.createContext("/slow", exchange -> {
            try {
                Thread.sleep(8_000); // beyond the server's 5 s bound
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String config = CONFIG.replace(
                        "RP_PORT", String.valueOf(receiver.getAddress().getPort()))
                .replace("DOWN_PORT", String.valueOf(Http.freePort()));
        test = TestServer.start(config);
        jwks = JWKSet.parse(Http.get(test.baseUrl() + "/oauth2/keys").body());
    }

    @AfterAll
    static void stop() {
        test.close();
        receiver.stop(0);
    }

    @BeforeEach
    void captureLogs() {
        RECEIVED.clear();
        logged.start();
        root().addAppender(logged);
    }

    @AfterEach
    void release() {
        root().detachAppender(logged);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static Received received(String path, String contentType, InputStream body) throws IOException {
        String form = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        String token = null;
        for (String pair : form.split("&")) {
            if (pair.startsWith("logout_token=")) {
                token = URLDecoder.decode(pair.substring("logout_token=".length()), StandardCharsets.UTF_8);
            }
        }
        return new Received(path, contentType, token);
    }

    // ---- helpers ----

    static String redirectUri(String clientId) {
        return "https://" + clientId + ".example.com/cb";
    }

    /** Authorizes the client in this browser (signing in and consenting as needed); answers the code. */
    static String code(Browser browser, String clientId, String scope) {
        HttpResponse<String> page = browser.get(authorizeUrl(clientId, redirectUri(clientId), "scope", scope));
        if (page.statusCode() == 200 && page.body().contains("<h1>Sign in</h1>")) {
            page = browser.post(
                    Browser.action(page),
                    "csrf_token",
                    Browser.csrf(page),
                    "username",
                    "alice",
                    "password",
                    "alice-password");
        }
        if (page.statusCode() == 200) {
            page = browser.post(Browser.action(page), "csrf_token", Browser.csrf(page), "consent", "approve");
        }
        return assertRedirect(page, redirectUri(clientId)).get("code");
    }

    static HttpResponse<String> redeem(String clientId, String code) {
        return Http.postForm(
                test.tokenUrl(),
                Http.basic(clientId, clientId + "-secret"),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        redirectUri(clientId),
                        "code_verifier",
                        VERIFIER));
    }

    /** The token response of a new grant for the client in this browser's session. */
    static Map<String, Object> tokens(Browser browser, String clientId, String scope) {
        HttpResponse<String> token = redeem(clientId, code(browser, clientId, scope));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Http.json(token);
    }

    static HttpResponse<String> refresh(String clientId, Object refreshToken) {
        return Http.postForm(
                test.tokenUrl(),
                Http.basic(clientId, clientId + "-secret"),
                Map.of("grant_type", "refresh_token", "refresh_token", (String) refreshToken));
    }

    static String sid(Object idToken) throws Exception {
        return SignedJWT.parse((String) idToken).getJWTClaimsSet().getStringClaim("sid");
    }

    /** Confirms the sign-out in this browser; answers the final response. */
    static HttpResponse<String> logout(Browser browser) {
        HttpResponse<String> confirm = browser.get("/oauth2/logout");
        assertPage(confirm, 200);
        assertThat(confirm.body()).contains("Sign out?");
        return browser.post(Browser.action(confirm), "csrf_token", Browser.csrf(confirm), "logout", "yes");
    }

    /** Whether the browser's session signs it in: {@code prompt=none} answers anything but login_required. */
    static boolean signedIn(Browser browser) {
        HttpResponse<String> silent =
                browser.get(authorizeUrl("rp", redirectUri("rp"), "scope", "openid", "prompt", "none"));
        assertThat(silent.statusCode()).isEqualTo(302);
        return !silent.headers().firstValue("Location").orElseThrow().contains("error=login_required");
    }

    /**
     * The next logout token for this session the relying party receives within {@code wait}, verified with
     * the server's JWKS; tokens of other sessions (earlier tests' logouts, sent in the background) are
     * skipped.
     */
    static Optional<SignedJWT> logoutTokenFor(String sid, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Received received = RECEIVED.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (received == null) {
                return Optional.empty();
            }
            assertThat(received.path()).isEqualTo("/rp/logout");
            assertThat(received.contentType()).startsWith("application/x-www-form-urlencoded");
            assertThat(received.logoutToken()).isNotNull();
            SignedJWT token = SignedJWT.parse(received.logoutToken());
            RSAKey key = (RSAKey) jwks.getKeyByKeyId(token.getHeader().getKeyID());
            assertThat(key).as("the signing key is published").isNotNull();
            assertThat(token.verify(new RSASSAVerifier(key))).isTrue();
            if (sid.equals(token.getJWTClaimsSet().getStringClaim("sid"))) {
                return Optional.of(token);
            }
        }
    }

    static SignedJWT nextLogoutToken(String sid) throws Exception {
        return logoutTokenFor(sid, Duration.ofSeconds(5))
                .orElseThrow(() -> new AssertionError("no logout token for the session"));
    }

    // ---- tests ----

    @Test
    void discoveryThenBackchannelLogoutAndSessionSupportedAndSidAClaim() {
        Map<String, Object> discovery = Http.json(Http.get(test.baseUrl() + "/.well-known/openid-configuration"));
        assertThat(discovery)
                .containsEntry("end_session_endpoint", test.issuer() + "/oauth2/logout")
                .containsEntry("backchannel_logout_supported", true)
                .containsEntry("backchannel_logout_session_supported", true)
                .doesNotContainKey("frontchannel_logout_supported")
                .doesNotContainKey("check_session_iframe");
        assertThat(discovery.get("claims_supported"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .contains("sid");
    }

    @Test
    void idTokensOfOneSessionThenOneSidAcrossClientsAndRefreshAndApartFromTheCookie() throws Exception {
        Browser browser = new Browser(test.baseUrl());
        Map<String, Object> rp = tokens(browser, "rp", "openid");
        Map<String, Object> ps = tokens(browser, "ps", "openid"); // another client with a backchannel_logout_uri
        String sid = sid(rp.get("id_token"));

        assertThat(sid).matches("[A-Za-z0-9_-]{43}");
        assertThat(sid(ps.get("id_token"))).isEqualTo(sid);
        assertThat(browser.cookies().values()).doesNotContain(sid);
        HttpResponse<String> refreshed = refresh("rp", rp.get("refresh_token"));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(sid(Http.json(refreshed).get("id_token"))).isEqualTo(sid);

        Browser other = new Browser(test.baseUrl());
        assertThat(sid(tokens(other, "rp", "openid").get("id_token"))).isNotEqualTo(sid);
        logout(browser);
        logout(other);
    }

    @Test
    void clientWithoutBackchannelLogoutUriThenNoSidInItsIdTokensFromCodeOrRefresh() throws Exception {
        Browser browser = new Browser(test.baseUrl());
        Map<String, Object> rp = tokens(browser, "rp", "openid");
        Map<String, Object> quiet = tokens(browser, "quiet", "openid");

        // Back-Channel Logout 1.0 section 2.4: sid is for the clients that receive logout tokens
        assertThat(sid(rp.get("id_token"))).isNotBlank();
        assertThat(SignedJWT.parse((String) quiet.get("id_token"))
                        .getJWTClaimsSet()
                        .getClaims())
                .containsKeys("sub", "auth_time")
                .doesNotContainKey("sid");
        HttpResponse<String> refreshed = refresh("quiet", quiet.get("refresh_token"));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(SignedJWT.parse((String) Http.json(refreshed).get("id_token"))
                        .getJWTClaimsSet()
                        .getClaims())
                .containsKey("sub")
                .doesNotContainKey("sid");
        logout(browser);
    }

    @Test
    void logoutThenSignedLogoutTokenPostedWithEverySpecClaimAndTheIdTokenSid() throws Exception {
        Browser browser = new Browser(test.baseUrl());
        Map<String, Object> rp = tokens(browser, "rp", "openid");
        tokens(browser, "rp", "openid"); // a second grant to the same client: still one logout token
        tokens(browser, "quiet", "openid"); // no backchannel_logout_uri: nothing sent to it
        Instant before = Instant.now().minusSeconds(1);

        HttpResponse<String> done = logout(browser);

        assertPage(done, 200);
        assertThat(done.body()).contains("You are signed out.");
        SignedJWT token = logoutTokenFor(sid(rp.get("id_token")), Duration.ZERO)
                .orElseThrow(() -> new AssertionError("a quick receiver has the token before the page answers"));
        assertThat(token.getHeader().getType()).isEqualTo(new JOSEObjectType("logout+jwt"));
        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(test.issuer());
        assertThat(claims.getAudience()).containsExactly("rp");
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("sid")).isEqualTo(sid(rp.get("id_token")));
        assertThat(claims.getJWTID()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(claims.getIssueTime().toInstant())
                .isBetween(before, Instant.now().plusSeconds(1));
        assertThat(Duration.between(
                        claims.getIssueTime().toInstant(),
                        claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(claims.getJSONObjectClaim("events")).isEqualTo(Map.of(EVENT, Map.of()));
        assertThat(claims.getClaims()).doesNotContainKey("nonce");
        assertThat(logoutTokenFor(sid(rp.get("id_token")), Duration.ofMillis(500)))
                .as("one token for rp, none for quiet")
                .isEmpty();
        assertThat(signedIn(browser)).isFalse();
    }

    @Test
    void clientWithItsOwnIdTokenAlgorithmThenLogoutTokenSignedWithIt() throws Exception {
        Browser browser = new Browser(test.baseUrl());
        Map<String, Object> ps = tokens(browser, "ps", "openid");
        assertThat(SignedJWT.parse((String) ps.get("id_token")).getHeader().getAlgorithm())
                .isEqualTo(JWSAlgorithm.PS256);

        logout(browser);

        SignedJWT token = nextLogoutToken(sid(ps.get("id_token")));
        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
        assertThat(token.getJWTClaimsSet().getAudience()).containsExactly("ps");
    }

    @Test
    void logoutThenTheSessionsRefreshTokensAndAccessTokensRefused() {
        Browser browser = new Browser(test.baseUrl());
        Map<String, Object> rp = tokens(browser, "rp", "openid");
        Map<String, Object> quiet = tokens(browser, "quiet", "openid");
        String accessToken = (String) quiet.get("access_token");
        assertThat(Http.bearer(test.baseUrl() + ReferenceServer.ME, accessToken).statusCode())
                .isEqualTo(200);

        logout(browser);

        for (Map.Entry<String, Map<String, Object>> grant :
                Map.of("rp", rp, "quiet", quiet).entrySet()) {
            HttpResponse<String> refused =
                    refresh(grant.getKey(), grant.getValue().get("refresh_token"));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(Http.json(refused)).containsEntry("error", "invalid_grant");
        }
        HttpResponse<String> me = Http.bearer(test.baseUrl() + ReferenceServer.ME, accessToken);
        assertThat(me.statusCode()).as("the access token of the ended grant").isEqualTo(401);
        assertThat(me.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).contains("invalid_token"));
    }

    @Test
    void logoutWhenGrantHasOfflineAccessThenItsRefreshTokenKeepsWorkingAndTheOthersDoNot() {
        Browser browser = new Browser(test.baseUrl());
        Map<String, Object> offline = tokens(browser, "quiet", "openid offline_access");
        Map<String, Object> online = tokens(browser, "rp", "openid");

        logout(browser);

        HttpResponse<String> kept = refresh("quiet", offline.get("refresh_token"));
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(Http.bearer(test.baseUrl() + ReferenceServer.ME, (String)
                                Http.json(kept).get("access_token"))
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> refused = refresh("rp", online.get("refresh_token"));
        assertThat(Http.json(refused)).containsEntry("error", "invalid_grant");
    }

    @Test
    void codeIssuedBeforeLogoutThenNotRedeemedAfterIt() {
        Browser browser = new Browser(test.baseUrl());
        String code = code(browser, "rp", "openid");

        logout(browser);

        HttpResponse<String> refused = redeem("rp", code);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Http.json(refused)).containsEntry("error", "invalid_grant");
    }

    @Test
    void slowOrUnreachableReceiverThenLogoutAtOnceAndOneWarnLineEachWithoutStackTrace() throws Exception {
        Browser browser = new Browser(test.baseUrl());
        tokens(browser, "slow", "openid");
        tokens(browser, "down", "openid");
        HttpResponse<String> confirm = browser.get("/oauth2/logout");

        long started = System.nanoTime();
        HttpResponse<String> done =
                browser.post(Browser.action(confirm), "csrf_token", Browser.csrf(confirm), "logout", "yes");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertPage(done, 200);
        assertThat(took).as("the logout waits for no relying party").isLessThan(Duration.ofSeconds(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (backchannelWarnings().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<ILoggingEvent> warnings = backchannelWarnings();
        assertThat(warnings).hasSize(2);
        assertThat(warnings).allSatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
        });
        assertThat(warnings.stream().map(ILoggingEvent::getFormattedMessage))
                .anySatisfy(message -> assertThat(message).contains("'slow'").contains("Timeout"))
                .anySatisfy(message -> assertThat(message).contains("'down'"));
        assertThat(logged.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR)))
                .isEmpty();
    }

    private List<ILoggingEvent> warningsOf(String clientId) {
        return backchannelWarnings().stream()
                .filter(event -> event.getFormattedMessage().contains("'" + clientId + "'"))
                .toList();
    }

    private List<ILoggingEvent> backchannelWarnings() {
        return List.copyOf(logged.list).stream()
                .filter(event -> event.getFormattedMessage().startsWith("Back-channel logout"))
                .toList();
    }

    @Test
    void receiverRedirectsThenNotFollowedAndOneWarnLine() throws Exception {
        Browser browser = new Browser(test.baseUrl());
        Map<String, Object> moved = tokens(browser, "moved", "openid");

        logout(browser);

        assertThat(logoutTokenFor(sid(moved.get("id_token")), Duration.ofMillis(500)))
                .as("the redirect target got nothing")
                .isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (warningsOf("moved").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(warningsOf("moved")).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).contains("answered HTTP 307");
            assertThat(event.getThrowableProxy()).isNull();
        });
    }

    @Test
    void hintOfAnotherSessionThenAskedAndOnlyTheConfirmedCurrentSessionEnds() throws Exception {
        Browser first = new Browser(test.baseUrl());
        Map<String, Object> firstTokens = tokens(first, "rp", "openid");
        Browser second = new Browser(test.baseUrl());
        Map<String, Object> secondTokens = tokens(second, "rp", "openid");
        String staleHint = "/oauth2/logout?id_token_hint=" + encode((String) firstTokens.get("id_token"))
                + "&post_logout_redirect_uri=" + encode("https://rp.example.com/bye") + "&state=s";

        HttpResponse<String> asked = second.get(staleHint);

        assertPage(asked, 200);
        assertThat(asked.body()).contains("not this browser's current one");
        assertThat(signedIn(first)).isTrue();
        assertThat(signedIn(second)).as("a GET ends nothing").isTrue();

        // a browser without session, with the first session's hint: succeeds, ends nothing
        HttpResponse<String> noSession = new Browser(test.baseUrl()).get(staleHint);
        assertThat(noSession.statusCode()).isEqualTo(302);
        assertThat(noSession.headers().firstValue("Location")).hasValue("https://rp.example.com/bye?state=s");
        assertThat(signedIn(first)).isTrue();
        assertThat(refresh("rp", firstTokens.get("refresh_token")).statusCode()).isEqualTo(200);
        assertThat(logoutTokenFor(sid(firstTokens.get("id_token")), Duration.ofMillis(300)))
                .as("no logout token")
                .isEmpty();

        // the user confirms on the second browser: that session ends, the first one stays
        HttpResponse<String> done = second.post(
                Browser.action(asked),
                "csrf_token",
                Browser.csrf(asked),
                "client_id",
                "rp",
                "post_logout_redirect_uri",
                "https://rp.example.com/bye",
                "state",
                "s",
                "logout",
                "yes");
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(signedIn(second)).isFalse();
        assertThat(signedIn(first)).isTrue();
        assertThat(nextLogoutToken(sid(secondTokens.get("id_token")))
                        .getJWTClaimsSet()
                        .getSubject())
                .isEqualTo("alice");
        assertThat(logoutTokenFor(sid(firstTokens.get("id_token")), Duration.ofMillis(300)))
                .as("the first session is not the one logged out")
                .isEmpty();
        logout(first);
    }

    @Test
    void hintWhoseSessionAlreadyEndedThenLogoutStillSucceeds() {
        Browser browser = new Browser(test.baseUrl());
        Map<String, Object> rp = tokens(browser, "rp", "openid");
        logout(browser);

        HttpResponse<String> again = browser.get("/oauth2/logout?id_token_hint=" + encode((String) rp.get("id_token"))
                + "&post_logout_redirect_uri=" + encode("https://rp.example.com/bye"));

        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(again.headers().firstValue("Location")).hasValue("https://rp.example.com/bye");
    }

    @Test
    void expiredHintThenAcceptedForADayThenRefused() {
        MutableClock clock = new MutableClock();
        try (TestServer own = TestServer.start(
                CONFIG.replace("RP_PORT", String.valueOf(receiver.getAddress().getPort()))
                        .replace("DOWN_PORT", String.valueOf(Http.freePort())),
                clock)) {
            TestServer shared = test;
            test = own;
            try {
                Map<String, Object> rp = tokens(new Browser(own.baseUrl()), "rp", "openid");
                String logout = "/oauth2/logout?id_token_hint=" + encode((String) rp.get("id_token"))
                        + "&post_logout_redirect_uri=" + encode("https://rp.example.com/bye");
                clock.advance(Duration.ofHours(2)); // the ID token lived an hour (tokenTtl)

                HttpResponse<String> accepted = new Browser(own.baseUrl()).get(logout);

                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(302);
                assertThat(accepted.headers().firstValue("Location")).hasValue("https://rp.example.com/bye");
                clock.advance(Duration.ofDays(1));
                HttpResponse<String> refused = new Browser(own.baseUrl()).get(logout);
                assertPage(refused, 400);
                assertThat(refused.body()).contains("id_token_hint");
            } finally {
                test = shared;
            }
        }
    }

    @Test
    void sameUserSigningInAgainThenSessionKeepsItsSidAndLogoutEndsTheEarlierGrantsToo() throws Exception {
        Browser browser = new Browser(test.baseUrl());
        Map<String, Object> before = tokens(browser, "rp", "openid");
        HttpResponse<String> page =
                browser.get(authorizeUrl("ps", redirectUri("ps"), "scope", "openid", "prompt", "login"));
        assertThat(page.body()).contains("<h1>Sign in</h1>");
        HttpResponse<String> signedInAgain = browser.post(
                Browser.action(page),
                "csrf_token",
                Browser.csrf(page),
                "username",
                "alice",
                "password",
                "alice-password");
        if (signedInAgain.statusCode() == 200) {
            signedInAgain = browser.post(
                    Browser.action(signedInAgain), "csrf_token", Browser.csrf(signedInAgain), "consent", "approve");
        }
        HttpResponse<String> after =
                redeem("ps", assertRedirect(signedInAgain, redirectUri("ps")).get("code"));
        assertThat(sid(Http.json(after).get("id_token"))).isEqualTo(sid(before.get("id_token")));

        logout(browser);

        assertThat(Http.json(refresh("rp", before.get("refresh_token")))).containsEntry("error", "invalid_grant");
        assertThat(nextLogoutToken(sid(before.get("id_token")))
                        .getJWTClaimsSet()
                        .getSubject())
                .isEqualTo("alice");
    }
}
