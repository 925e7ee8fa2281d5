package io.authdesign.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample jar's behaviour, driven as clients drive it: the Nimbus OAuth 2.0 SDK as the client and a real
 * headless Chromium (the Debian {@code chromium} through {@code chromedriver}) as the user's browser on the
 * sign-in, consent and device pages.
 */
class SampleApplicationTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Duration WAIT = Duration.ofSeconds(10);
    static final ClientID SVC = new ClientID("svc");
    static final Secret SVC_SECRET = new Secret("svc secret");
    static final ClientID WEB = new ClientID("webapp");
    static final Secret WEB_SECRET = new Secret("webapp secret: long enough");
    static final ClientID TV = new ClientID("tv");
    static final BlockingQueue<URI> CALLBACKS = new LinkedBlockingQueue<>();

    static HttpServer callbackServer;
    static URI callback;
    static SampleServer server;
    static OIDCProviderMetadata provider;
    static Path profile;
    static WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        callbackServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callbackServer.createContext("/callback", exchange -> {
            CALLBACKS.add(
                    URI.create("http://127.0.0.1:" + callbackServer.getAddress().getPort()
                            + exchange.getRequestURI().toString()));
            byte[] page = "<!DOCTYPE html><title>Callback</title><p id=\"done\">Back at the client</p>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html;charset=UTF-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        callbackServer.start();
        callback = URI.create("http://127.0.0.1:" + callbackServer.getAddress().getPort() + "/callback");
        int port = SampleServer.freePort();
        server = SampleServer.start(
                """
                authdesign:
                  issuer: http://127.0.0.1:PORT
                  port: PORT
                  storage: {type: memory}
                  clients:
                    - clientId: svc
                      clientSecret: svc secret
                      authMethods: [client_secret_basic]
                      grantTypes: [client_credentials]
                      scopes: [read, write]
                      redirectUris: []
                    - clientId: webapp
                      clientSecret: "webapp secret: long enough"
                      authMethods: [client_secret_basic]
                      grantTypes: [authorization_code, refresh_token]
                      scopes: [openid, profile, email]
                      redirectUris: [CALLBACK]
                    - clientId: tv
                      authMethods: [none]
                      grantTypes: [device_code, refresh_token]
                      scopes: [openid, profile]
                  users:
                    - username: alice
                      password: alice-password
                      claims:
                        name: Alice Example
                        email: alice@example.com
                        email_verified: true
                    - username: carol
                      password: carol-password
                      claims: {name: Carol Example}
                """.replace("PORT", Integer.toString(port)).replace("CALLBACK", callback.toString()));
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
        provider = OIDCProviderMetadata.resolve(new Issuer(server.baseUrl()));
        driver = startChromium();
    }

    static WebDriver startChromium() throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        assertThat(new File(CHROMIUM))
                .as("Chromium is required (Debian package chromium)")
                .canRead();
        assertThat(new File(CHROMEDRIVER))
                .as("chromedriver is required (Debian package chromium-driver)")
                .canRead();
        profile = Files.createTempDirectory("authdesign-chromium-");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver chromium = new ChromeDriver(service, options);
        chromium.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
        return chromium;
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (callbackServer != null) {
                callbackServer.stop(0);
            }
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    @BeforeEach
    void signOut() {
        driver.get(server.baseUrl() + "/oauth2/keys");
        driver.manage().deleteAllCookies();
        CALLBACKS.clear();
    }

    static WebElement waitFor(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    static void signIn(String username, String password) {
        WebElement user = waitFor(By.id("username"));
        assertThat(driver.getTitle()).isEqualTo("Sign in · AuthDesign");
        user.clear();
        user.sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
    }

    static HttpResponse<String> me(String accessToken) throws Exception {
        return server.get("/api/me", "Authorization", "Bearer " + accessToken);
    }

    static Tokens clientCredentials(Scope scope) throws Exception {
        TokenResponse response = TokenResponse.parse(new TokenRequest.Builder(
                        provider.getTokenEndpointURI(),
                        new ClientSecretBasic(SVC, SVC_SECRET),
                        new ClientCredentialsGrant())
                .scope(scope)
                .build()
                .toHTTPRequest()
                .send());
        assertThat(response.indicatesSuccess())
                .as(() -> response.toErrorResponse().getErrorObject().toString())
                .isTrue();
        return response.toSuccessResponse().getTokens();
    }

    @Test
    void discoveryAndJwksThenWhatARelyingPartyNeeds() throws Exception {
        String issuer = server.baseUrl();
        assertThat(provider.getIssuer().getValue()).isEqualTo(issuer);
        assertThat(provider.getAuthorizationEndpointURI()).hasToString(issuer + "/oauth2/authorize");
        assertThat(provider.getTokenEndpointURI()).hasToString(issuer + "/oauth2/token");
        assertThat(provider.getUserInfoEndpointURI()).hasToString(issuer + "/oauth2/userinfo");
        assertThat(provider.getDeviceAuthorizationEndpointURI()).hasToString(issuer + "/oauth2/devicecode");
        assertThat(provider.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
        JWKSet keys = JWKSet.load(provider.getJWKSetURI().toURL());
        assertThat(keys.getKeys()).isNotEmpty();
        assertThat(keys.getKeys()).allMatch(key -> !key.isPrivate());
    }

    @Test
    void clientCredentialsThenApiMeAnswersTheTokensSubjectClientAndScope() throws Exception {
        Tokens tokens = clientCredentials(new Scope("write", "read"));
        HttpResponse<String> me = me(tokens.getAccessToken().getValue());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(me.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(me.body()).isEqualTo("{\"sub\":\"svc\",\"client_id\":\"svc\",\"scope\":\"read write\"}");
    }

    @Test
    void apiMeWithoutTokenThen401WithTheLibrarysChallengeAndNoSession() throws Exception {
        HttpResponse<String> me = server.get("/api/me");
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(me.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer, DPoP algs=\"ES256 ES384 PS256 RS256 EdDSA\"");
        assertThat(me.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(me.body()).isEmpty();
    }

    @Test
    void forgedTokenThen401InvalidToken() throws Exception {
        String forged = clientCredentials(new Scope("read")).getAccessToken().getValue();
        forged = forged.substring(0, forged.length() - 4) + (forged.endsWith("AAAA") ? "BBBB" : "AAAA");
        HttpResponse<String> me = me(forged);
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(me.headers().firstValue("WWW-Authenticate"))
                .hasValue(
                        "Bearer error=\"invalid_token\", error_description=\"The access token is invalid or expired\"");
        assertThat(me.body())
                .isEqualTo(
                        "{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid or expired\"}");
    }

    @Test
    void tokenWithoutTheRoutesScopeThen403InsufficientScopeNamingIt() throws Exception {
        HttpResponse<String> admin = server.get(
                "/api/admin/status",
                "Authorization",
                "Bearer "
                        + clientCredentials(new Scope("read")).getAccessToken().getValue());
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(admin.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer error=\"insufficient_scope\", error_description=\"The access token lacks a required"
                        + " scope\", scope=\"write\"");
        assertThat(admin.body()).contains("\"error\":\"insufficient_scope\"");

        HttpResponse<String> allowed = server.get(
                "/api/admin/status",
                "Authorization",
                "Bearer "
                        + clientCredentials(new Scope("write")).getAccessToken().getValue());
        assertThat(allowed.statusCode()).isEqualTo(200);
    }

    @Test
    void codeFlowWithSignInAndConsentInChromiumThenRefreshThenApiMe() throws Exception {
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        URI authorize = new AuthenticationRequest.Builder(
                        ResponseType.CODE, new Scope("openid", "profile", "email"), WEB, callback)
                .endpointURI(provider.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
        driver.get(authorize.toString());
        signIn("alice", "alice-password");
        WebElement approve = waitFor(By.id("approve"));
        assertThat(driver.getTitle()).isEqualTo("Allow access · AuthDesign");
        assertThat(driver.findElement(By.tagName("main")).getText())
                .contains("webapp")
                .contains("alice");
        approve.click();

        URI received = CALLBACKS.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(received)
                .as("the browser was sent back to the client's callback")
                .isNotNull();
        AuthorizationResponse response = AuthorizationResponse.parse(received);
        assertThat(response.indicatesSuccess()).as(received.toString()).isTrue();
        AuthorizationSuccessResponse success = response.toSuccessResponse();
        assertThat(success.getState()).isEqualTo(state);
        assertThat(success.getIssuer()).isEqualTo(provider.getIssuer());
        AuthorizationCode code = success.getAuthorizationCode();

        TokenResponse tokenResponse = OIDCTokenResponseParser.parse(new TokenRequest.Builder(
                        provider.getTokenEndpointURI(),
                        new ClientSecretBasic(WEB, WEB_SECRET),
                        new AuthorizationCodeGrant(code, callback, verifier))
                .build()
                .toHTTPRequest()
                .send());
        assertThat(tokenResponse.indicatesSuccess())
                .as(() -> tokenResponse.toErrorResponse().getErrorObject().toString())
                .isTrue();
        OIDCTokens tokens = ((OIDCTokenResponse) tokenResponse.toSuccessResponse()).getOIDCTokens();
        IDTokenClaimsSet claims = new IDTokenValidator(
                        provider.getIssuer(),
                        WEB,
                        JWSAlgorithm.RS256,
                        provider.getJWKSetURI().toURL())
                .validate(tokens.getIDToken(), nonce);
        assertThat(claims.getSubject().getValue()).isEqualTo("alice");
        assertThat(me(tokens.getAccessToken().getValue()).body())
                .isEqualTo("{\"sub\":\"alice\",\"client_id\":\"webapp\",\"scope\":\"email openid profile\"}");

        // refresh: a new access token and a rotated refresh token; the old refresh token is spent
        TokenResponse refreshed = TokenResponse.parse(new TokenRequest.Builder(
                        provider.getTokenEndpointURI(),
                        new ClientSecretBasic(WEB, WEB_SECRET),
                        new RefreshTokenGrant(tokens.getRefreshToken()))
                .build()
                .toHTTPRequest()
                .send());
        assertThat(refreshed.indicatesSuccess())
                .as(() -> refreshed.toErrorResponse().getErrorObject().toString())
                .isTrue();
        AccessTokenResponse fresh = refreshed.toSuccessResponse();
        assertThat(fresh.getTokens().getAccessToken().getValue())
                .isNotEqualTo(tokens.getAccessToken().getValue());
        assertThat(fresh.getTokens().getRefreshToken()).isNotEqualTo(tokens.getRefreshToken());
        assertThat(me(fresh.getTokens().getAccessToken().getValue()).body())
                .isEqualTo("{\"sub\":\"alice\",\"client_id\":\"webapp\",\"scope\":\"email openid profile\"}");

        UserInfo userInfo = UserInfoResponse.parse(new UserInfoRequest(
                                provider.getUserInfoEndpointURI(),
                                fresh.getTokens().getBearerAccessToken())
                        .toHTTPRequest()
                        .send())
                .toSuccessResponse()
                .getUserInfo();
        assertThat(userInfo.getSubject().getValue()).isEqualTo("alice");
        assertThat(userInfo.getName()).isEqualTo("Alice Example");
        assertThat(userInfo.getEmailAddress()).isEqualTo("alice@example.com");
    }

    @Test
    void deviceFlowApprovedInChromiumThenThePollGetsTokens() throws Exception {
        DeviceAuthorizationResponse authorization =
                DeviceAuthorizationResponse.parse(new DeviceAuthorizationRequest.Builder(TV)
                        .endpointURI(provider.getDeviceAuthorizationEndpointURI())
                        .scope(new Scope("openid", "profile"))
                        .build()
                        .toHTTPRequest()
                        .send());
        assertThat(authorization.indicatesSuccess()).isTrue();
        DeviceAuthorizationSuccessResponse device = authorization.toSuccessResponse();
        assertThat(device.getVerificationURI()).hasToString(server.baseUrl() + "/device");

        TokenResponse pending = poll(device);
        assertThat(pending.toErrorResponse().getErrorObject().getCode()).isEqualTo("authorization_pending");

        driver.get(device.getVerificationURIComplete().toString());
        WebElement code = waitFor(By.id("user_code"));
        assertThat(code.getDomProperty("value")).isEqualTo(device.getUserCode().getValue());
        driver.findElement(By.id("continue")).click();
        signIn("carol", "carol-password");
        waitFor(By.id("approve")).click();
        assertThat(waitFor(By.id("message")).getText()).contains("Your device is connected");

        TokenResponse response = poll(device);
        assertThat(response.indicatesSuccess())
                .as(() -> response.toErrorResponse().getErrorObject().toString())
                .isTrue();
        OIDCTokens tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
        assertThat(me(tokens.getAccessToken().getValue()).body())
                .isEqualTo("{\"sub\":\"carol\",\"client_id\":\"tv\",\"scope\":\"openid profile\"}");
    }

    static TokenResponse poll(DeviceAuthorizationSuccessResponse device) throws Exception {
        return OIDCTokenResponseParser.parse(new TokenRequest.Builder(
                        provider.getTokenEndpointURI(), TV, new DeviceCodeGrant(device.getDeviceCode()))
                .build()
                .toHTTPRequest()
                .send());
    }

    @Test
    void dpopBoundTokenThenApiMeWithItsProofOnceAndTheReplayRefused() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        HTTPRequest request = new TokenRequest.Builder(
                        provider.getTokenEndpointURI(),
                        new ClientSecretBasic(SVC, SVC_SECRET),
                        new ClientCredentialsGrant())
                .scope(new Scope("read"))
                .build()
                .toHTTPRequest();
        request.setDPoP(proofs.createDPoPJWT("POST", provider.getTokenEndpointURI()));
        TokenResponse response = TokenResponse.parse(request.send());
        assertThat(response.indicatesSuccess()).isTrue();
        AccessToken token = response.toSuccessResponse().getTokens().getAccessToken();
        assertThat(token).isInstanceOf(DPoPAccessToken.class);

        URI me = URI.create(server.baseUrl() + "/api/me");
        String proof = proofs.createDPoPJWT("GET", me, token).serialize();
        HttpResponse<String> accepted =
                server.get("/api/me", "Authorization", "DPoP " + token.getValue(), "DPoP", proof);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo("{\"sub\":\"svc\",\"client_id\":\"svc\",\"scope\":\"read\"}");

        // the same proof again (RFC 9449 section 11.1): refused by the library, with its challenge
        HttpResponse<String> replayed =
                server.get("/api/me", "Authorization", "DPoP " + token.getValue(), "DPoP", proof);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("DPoP error=\"invalid_dpop_proof\"");
        // the DPoP-bound token as a Bearer token: refused
        HttpResponse<String> asBearer = me(token.getValue());
        assertThat(asBearer.statusCode()).isEqualTo(401);
        assertThat(asBearer.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("DPoP error=\"invalid_token\"");

        // a DPoP token without the route's scope: 403 in the DPoP scheme, with its algorithms
        HttpResponse<String> denied = server.get(
                "/api/admin/status",
                "Authorization",
                "DPoP " + token.getValue(),
                "DPoP",
                proofs.createDPoPJWT("GET", URI.create(server.baseUrl() + "/api/admin/status"), token)
                        .serialize());
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.headers().firstValue("WWW-Authenticate"))
                .hasValue("DPoP error=\"insufficient_scope\", error_description=\"The access token lacks a required"
                        + " scope\", scope=\"write\", algs=\"ES256 ES384 PS256 RS256 EdDSA\"");
    }

    @Test
    void healthThenTheStoresAreUp() throws Exception {
        HttpResponse<String> health = server.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body())
                .contains("\"authDesign\":{\"details\":{\"storage\":\"memory\",\"redis\":false,\"signingKeys\":");
    }
}
