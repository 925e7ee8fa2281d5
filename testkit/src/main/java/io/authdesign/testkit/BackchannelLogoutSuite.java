package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyFlows.ALICE_SUB;
import static io.authdesign.testkit.ReadyFlows.ME;
import static io.authdesign.testkit.ReadyFlows.OTHER;
import static io.authdesign.testkit.ReadyFlows.OTHER_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.OTHER_SECRET;
import static io.authdesign.testkit.ReadyFlows.authorizeUrl;
import static io.authdesign.testkit.ReadyFlows.redirected;
import static io.authdesign.testkit.ReadyFlows.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.authdesign.http.FormCodec;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSettings;
import io.authdesign.store.RegisteredClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect Back-Channel Logout 1.0 through the adapter, with the README's {@code ReadyLogout}
 * ({@code snippet:ready-logout}): the ID tokens of a sign-in session carry its {@code sid} for a client with a
 * {@code backchannel_logout_uri}, and only for such a client (Back-Channel Logout 1.0 section 2.4); the confirmed
 * logout posts a client with a {@code backchannel_logout_uri} (a real receiver on loopback) a signed logout
 * token naming that {@code sid}, and none to a client without one; the session's refresh and access tokens
 * are refused afterwards.
 */
public abstract class BackchannelLogoutSuite {

    private static final String RP = "rp";
    private static final String RP_SECRET = "rp-secret-0123456789";
    private static final String RP_REDIRECT = "https://rp.example.com/cb";
    private static final Pattern FORM_ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]*)\"");

    private ReadyFlows flows;
    private HttpServer receiver;
    private final BlockingQueue<String> logoutTokens = new LinkedBlockingQueue<>();

    /** For the adapter modules that run the suite. */
    protected BackchannelLogoutSuite() {}

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/backchannel", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (exchange.getRequestHeaders().getFirst("Content-Type").startsWith(TestServer.FORM)
                    && body.startsWith("logout_token=")) {
                logoutTokens.add(FormCodec.decode(body.substring("logout_token=".length()))
                        .orElseThrow());
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        flows = new ReadyFlows();
        flows.clients.save(RegisteredClient.builder(RP)
                .secret(ClientSecret.of(flows.secrets.hash(RP_SECRET)))
                .grantTypes("authorization_code", "refresh_token")
                .redirectUris(RP_REDIRECT)
                .scopes("openid", "profile", "email")
                .withoutPkceRequirement()
                .settings(ClientSettings.builder()
                        .backchannelLogoutUri(
                                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/backchannel")
                        .backchannelLogoutSessionRequired(true)
                        .build())
                .build());
    }

    @AfterEach
    void stop() {
        flows.close();
        receiver.stop(0);
    }

    /** The tokens of a new grant of the client in this browser (signing in and consenting as needed). */
    private Map<String, Object> tokens(ReadyFlows.Browser browser, String clientId, String secret, String redirect) {
        Reply page = browser.get(authorizeUrl(request(clientId, redirect, null)));
        if (page.status() == 200 && page.body().contains("password")) {
            page = browser.signIn(page);
        }
        if (page.status() == 200) {
            page = browser.approve(page);
        }
        String code = redirected(page, redirect).get("code");
        Reply reply = flows.token(clientId, secret)
                .form("grant_type", "authorization_code", "code", code, "redirect_uri", redirect)
                .send();
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.json();
    }

    private Reply refresh(String clientId, String secret, Object refreshToken) {
        return flows.token(clientId, secret)
                .form("grant_type", "refresh_token", "refresh_token", (String) refreshToken)
                .send();
    }

    private static String sid(Object idToken) throws Exception {
        return SignedJWT.parse((String) idToken).getJWTClaimsSet().getStringClaim("sid");
    }

    /** Confirms the sign-out on the end-session endpoint's page. */
    private Reply logout(ReadyFlows.Browser browser) {
        Reply confirm = browser.get("/oauth2/logout");
        assertThat(confirm.status()).as("%s", confirm).isEqualTo(200);
        Matcher action = FORM_ACTION.matcher(confirm.body());
        Matcher csrf = CSRF.matcher(confirm.body());
        assertThat(action.find() && csrf.find()).as("a confirmation form").isTrue();
        return browser.post(action.group(1), "csrf_token", csrf.group(1), "logout", "yes");
    }

    @Test
    void logoutThenClientWithBackchannelUriGetsLogoutTokenForTheIdTokensSid() throws Exception {
        ReadyFlows.Browser browser = flows.browser();
        Map<String, Object> rp = tokens(browser, RP, RP_SECRET, RP_REDIRECT);
        Map<String, Object> other = tokens(browser, OTHER, OTHER_SECRET, OTHER_REDIRECT);
        String sid = sid(rp.get("id_token"));
        assertThat(sid).isNotBlank();
        // Back-Channel Logout 1.0 section 2.4: a client without a backchannel_logout_uri gets no sid
        assertThat(sid(other.get("id_token"))).as("no sid for other").isNull();
        Reply refreshed = refresh(RP, RP_SECRET, rp.get("refresh_token"));
        assertThat(sid(refreshed.json().get("id_token"))).isEqualTo(sid);
        Reply otherRefreshed = refresh(OTHER, OTHER_SECRET, other.get("refresh_token"));
        assertThat(otherRefreshed.status()).as("%s", otherRefreshed).isEqualTo(200);
        assertThat(sid(otherRefreshed.json().get("id_token")))
                .as("no sid for other")
                .isNull();

        Reply done = logout(browser);

        assertThat(done.status()).as("%s", done).isEqualTo(200);
        String token = logoutTokens.poll(5, TimeUnit.SECONDS);
        assertThat(token).as("a logout token").isNotNull();
        SignedJWT jwt = SignedJWT.parse(token);
        JWKSet jwks = JWKSet.parse(flows.server.get("/oauth2/keys").send().body());
        assertThat(jwt.verify(new RSASSAVerifier(
                        (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID()))))
                .isTrue();
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("logout+jwt"));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(flows.issuer);
        assertThat(claims.getAudience()).containsExactly(RP);
        assertThat(claims.getSubject()).isEqualTo(ALICE_SUB);
        assertThat(claims.getStringClaim("sid")).isEqualTo(sid);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(Duration.between(
                        claims.getIssueTime().toInstant(),
                        claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(claims.getJSONObjectClaim("events"))
                .isEqualTo(Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
        assertThat(claims.getClaims()).doesNotContainKey("nonce");
        assertThat(logoutTokens.poll(300, TimeUnit.MILLISECONDS))
                .as("one token, for rp only")
                .isNull();
    }

    @Test
    void logoutThenSessionRefreshTokensAndAccessTokensRefused() {
        ReadyFlows.Browser browser = flows.browser();
        Map<String, Object> rp = tokens(browser, RP, RP_SECRET, RP_REDIRECT);
        Map<String, Object> other = tokens(browser, OTHER, OTHER_SECRET, OTHER_REDIRECT);
        String accessToken = (String) other.get("access_token");
        assertThat(flows.server
                        .get(ME)
                        .header("Authorization", "Bearer " + accessToken)
                        .send()
                        .status())
                .isEqualTo(200);

        logout(browser);

        for (Reply refused : List.of(
                refresh(RP, RP_SECRET, rp.get("refresh_token")),
                refresh(OTHER, OTHER_SECRET, other.get("refresh_token")))) {
            assertThat(refused.status()).as("%s", refused).isEqualTo(400);
            assertThat(refused.json()).containsEntry("error", "invalid_grant");
        }
        assertThat(flows.server
                        .get(ME)
                        .header("Authorization", "Bearer " + accessToken)
                        .send()
                        .status())
                .isEqualTo(401);
    }

    @Test
    void discoveryThenBackchannelLogoutSupportedWithSession() {
        Map<String, Object> discovery =
                flows.server.get("/.well-known/openid-configuration").send().json();
        assertThat(discovery)
                .containsEntry("end_session_endpoint", flows.issuer + "/oauth2/logout")
                .containsEntry("backchannel_logout_supported", true)
                .containsEntry("backchannel_logout_session_supported", true)
                .doesNotContainKey("frontchannel_logout_supported");
    }
}
