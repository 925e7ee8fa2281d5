package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
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
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end with a real headless Chromium (the Debian {@code chromium} and {@code chromium-driver}
 * packages): a user signs in and consents on the reference server's pages, and an independent client,
 * the Nimbus OAuth 2.0 / OpenID Connect SDK, discovers the server, exchanges the code with PKCE, validates
 * the ID token against the JWKS and calls userinfo; the device flow is approved through the verification
 * page. A missing browser fails these tests: it never skips them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChromiumEndToEndTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Duration WAIT = Duration.ofSeconds(10);

    static final ClientID WEB = new ClientID("webapp");
    static final Secret WEB_SECRET = new Secret("webapp secret: long enough");
    static final ClientID TV = new ClientID("tv");

    static HttpServer callbackServer;
    static final BlockingQueue<URI> CALLBACKS = new LinkedBlockingQueue<>();
    static final BlockingQueue<String> FORM_POSTS = new LinkedBlockingQueue<>();
    static URI callback;
    static TestServer test;
    static OIDCProviderMetadata provider;
    static Path profile;
    static WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        callbackServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callbackServer.createContext("/callback", exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                // response_mode=form_post: the response is the form body
                FORM_POSTS.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            } else {
                CALLBACKS.add(URI.create(
                        "http://127.0.0.1:" + callbackServer.getAddress().getPort()
                                + exchange.getRequestURI().toString()));
            }
            byte[] page = "<!DOCTYPE html><title>Callback</title><p id=\"done\">Back at the client</p>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html;charset=UTF-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        callbackServer.start();
        callback = URI.create("http://127.0.0.1:" + callbackServer.getAddress().getPort() + "/callback");
        test = TestServer.start("""
                issuer: http://127.0.0.1:PORT
                port: PORT
                clients:
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
                      preferred_username: alice
                      email: alice@example.com
                      email_verified: true
                  - username: bob
                    password: bob-password
                  - username: carol
                    password: carol-password
                    claims: {name: Carol Example}
                  - username: dave
                    password: dave-password
                """.replace("CALLBACK", callback.toString()));
        // the independent client discovers the provider as any relying party would
        provider = OIDCProviderMetadata.resolve(new Issuer(test.issuer()));
        driver = startChromium();
    }

    /**
     * Chromium through the Debian chromedriver, both named explicitly so that Selenium Manager never looks
     * for (nor downloads) a browser or a driver; a fresh profile directory for each run.
     */
    static WebDriver startChromium() throws IOException {
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        assertThat(new File(CHROMIUM))
                .as("Chromium is required (Debian package chromium); .ci/run installs it")
                .canRead();
        assertThat(new File(CHROMEDRIVER))
                .as("chromedriver is required (Debian package chromium-driver); .ci/run installs it")
                .canRead();
        profile = Files.createTempDirectory("authdesign-chromium-");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
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
            if (test != null) {
                test.close();
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

    /** Every test starts signed out: no cookie of the server's host is left from the one before. */
    @BeforeEach
    void signOut() {
        driver.get(test.baseUrl() + "/oauth2/keys");
        driver.manage().deleteAllCookies();
        CALLBACKS.clear();
        FORM_POSTS.clear();
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

    static void decide(String buttonId) {
        WebElement button = waitFor(By.id(buttonId));
        assertThat(driver.getTitle()).isEqualTo("Allow access · AuthDesign");
        button.click();
    }

    /** The authorization response the callback server received. */
    static AuthorizationResponse callbackResponse() throws Exception {
        URI received = CALLBACKS.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(received)
                .as("the browser was sent back to the client's callback")
                .isNotNull();
        waitFor(By.id("done"));
        assertThat(driver.getCurrentUrl()).isEqualTo(received.toString());
        return AuthorizationResponse.parse(received);
    }

    static IDTokenValidator idTokenValidator(ClientID clientId) throws Exception {
        return new IDTokenValidator(
                provider.getIssuer(),
                clientId,
                JWSAlgorithm.RS256,
                provider.getJWKSetURI().toURL());
    }

    @Test
    void providerMetadataIsWhatARelyingPartyNeeds() {
        assertThat(provider.getIssuer().getValue()).isEqualTo(test.issuer());
        assertThat(provider.getAuthorizationEndpointURI()).hasToString(test.issuer() + "/oauth2/authorize");
        assertThat(provider.getTokenEndpointURI()).hasToString(test.issuer() + "/oauth2/token");
        assertThat(provider.getUserInfoEndpointURI()).hasToString(test.issuer() + "/oauth2/userinfo");
        assertThat(provider.getDeviceAuthorizationEndpointURI()).hasToString(test.issuer() + "/oauth2/devicecode");
        assertThat(provider.getIDTokenJWSAlgs()).contains(JWSAlgorithm.RS256);
        assertThat(provider.getResponseTypes()).containsExactly(ResponseType.CODE);
        assertThat(provider.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
    }

    @Test
    void authorizationCodeFlowWithSignInAndConsentThenTheClientExchangesTheCodeAndValidatesTheIdToken()
            throws Exception {
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
        assertThat(driver.findElement(By.tagName("main")).getText())
                .contains("webapp")
                .contains("alice")
                .contains("openid")
                .contains("profile")
                .contains("email");
        assertThat(approve.getText()).isEqualTo("Allow");
        approve.click();

        AuthorizationResponse response = callbackResponse();
        assertThat(response.indicatesSuccess()).as(response.toURI().toString()).isTrue();
        AuthorizationSuccessResponse success = response.toSuccessResponse();
        assertThat(success.getState()).isEqualTo(state);
        assertThat(success.getIssuer()).isEqualTo(provider.getIssuer());
        AuthorizationCode code = success.getAuthorizationCode();
        assertThat(code).isNotNull();

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
        assertThat(tokens.getRefreshToken()).isNotNull();
        assertThat(tokens.getBearerAccessToken().getScope()).isEqualTo(new Scope("openid", "profile", "email"));

        JWT idToken = tokens.getIDToken();
        IDTokenClaimsSet claims = idTokenValidator(WEB).validate(idToken, nonce);
        assertThat(claims.getSubject().getValue()).isEqualTo("alice");
        assertThat(claims.getNonce()).isEqualTo(nonce);
        assertThat(claims.getAuthenticationTime()).isNotNull();
        assertThat(claims.getAccessTokenHash()).isNotNull();
        AccessTokenValidator.validate(tokens.getAccessToken(), JWSAlgorithm.RS256, claims.getAccessTokenHash());

        UserInfoResponse userInfoResponse = UserInfoResponse.parse(
                new UserInfoRequest(provider.getUserInfoEndpointURI(), tokens.getBearerAccessToken())
                        .toHTTPRequest()
                        .send());
        assertThat(userInfoResponse.indicatesSuccess())
                .as(() -> userInfoResponse.toErrorResponse().getErrorObject().toString())
                .isTrue();
        UserInfo userInfo = userInfoResponse.toSuccessResponse().getUserInfo();
        assertThat(userInfo.getSubject().getValue()).isEqualTo("alice");
        assertThat(userInfo.getName()).isEqualTo("Alice Example");
        assertThat(userInfo.getPreferredUsername()).isEqualTo("alice");
        assertThat(userInfo.getEmailAddress()).isEqualTo("alice@example.com");
        assertThat(userInfo.getEmailVerified()).isTrue();

        // the same code twice: refused
        TokenResponse reused = TokenResponse.parse(new TokenRequest.Builder(
                        provider.getTokenEndpointURI(),
                        new ClientSecretBasic(WEB, WEB_SECRET),
                        new AuthorizationCodeGrant(code, callback, verifier))
                .build()
                .toHTTPRequest()
                .send());
        assertThat(reused.indicatesSuccess()).isFalse();
        assertThat(reused.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void denyOnTheConsentPageThenTheCallbackGetsAccessDeniedWithStateAndIssuer() throws Exception {
        State state = new State();
        URI authorize = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), WEB, callback)
                .endpointURI(provider.getAuthorizationEndpointURI())
                .state(state)
                .nonce(new Nonce())
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256)
                .build()
                .toURI();
        driver.get(authorize.toString());
        signIn("bob", "bob-password");
        decide("deny");

        AuthorizationResponse response = callbackResponse();
        assertThat(response.indicatesSuccess()).isFalse();
        AuthorizationErrorResponse error = response.toErrorResponse();
        assertThat(error.getErrorObject()).isEqualTo(OAuth2Error.ACCESS_DENIED);
        assertThat(error.getState()).isEqualTo(state);
        assertThat(error.getIssuer()).isEqualTo(provider.getIssuer());
    }

    static URI authorizeUri(State state, String... more) {
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(
                        ResponseType.CODE, new Scope("openid"), WEB, callback)
                .endpointURI(provider.getAuthorizationEndpointURI())
                .state(state)
                .nonce(new Nonce())
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256);
        if (more.length > 0) {
            request.responseMode(new com.nimbusds.oauth2.sdk.ResponseMode(more[0]));
        }
        return request.build().toURI();
    }

    /** Cancel on the sign-in page: a submit button, so the browser skips the empty required fields. */
    static void cancelSignIn() {
        WebElement cancel = waitFor(By.id("cancel"));
        assertThat(driver.getTitle()).isEqualTo("Sign in · AuthDesign");
        cancel.click();
    }

    static void assertAccessDenied(AuthorizationResponse response, State state) {
        assertThat(response.indicatesSuccess()).isFalse();
        AuthorizationErrorResponse error = response.toErrorResponse();
        assertThat(error.getErrorObject()).isEqualTo(OAuth2Error.ACCESS_DENIED);
        assertThat(error.getState()).isEqualTo(state);
        assertThat(error.getIssuer()).isEqualTo(provider.getIssuer());
        assertThat(driver.manage().getCookieNamed("authdesign_session")).isNull();
    }

    @Test
    void cancelOnTheSignInPageThenTheCallbackGetsAccessDeniedWithStateAndIssuer() throws Exception {
        State state = new State();
        driver.get(authorizeUri(state).toString());
        cancelSignIn();

        assertAccessDenied(callbackResponse(), state);
        driver.get(authorizeUri(new State()).toString());
        assertThat(waitFor(By.id("username")).isDisplayed()).isTrue(); // nobody was signed in
    }

    @Test
    void cancelOnTheSignInPageWithFormPostThenTheCallbackIsPostedAccessDeniedWithStateAndIssuer() throws Exception {
        State state = new State();
        driver.get(authorizeUri(state, "form_post").toString());
        cancelSignIn();

        String posted = FORM_POSTS.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(posted)
                .as("the browser posted the response to the client's callback")
                .isNotNull();
        waitFor(By.id("done"));
        assertAccessDenied(
                AuthorizationResponse.parse(callback, com.nimbusds.oauth2.sdk.util.URLUtils.parseParameters(posted)),
                state);
    }

    static DeviceAuthorizationSuccessResponse deviceCode(Scope scope) throws Exception {
        DeviceAuthorizationResponse response =
                DeviceAuthorizationResponse.parse(new DeviceAuthorizationRequest.Builder(TV)
                        .endpointURI(provider.getDeviceAuthorizationEndpointURI())
                        .scope(scope)
                        .build()
                        .toHTTPRequest()
                        .send());
        assertThat(response.indicatesSuccess()).isTrue();
        return response.toSuccessResponse();
    }

    static TokenResponse poll(DeviceAuthorizationSuccessResponse device) throws Exception {
        return OIDCTokenResponseParser.parse(new TokenRequest.Builder(
                        provider.getTokenEndpointURI(), TV, new DeviceCodeGrant(device.getDeviceCode()))
                .build()
                .toHTTPRequest()
                .send());
    }

    @Test
    void deviceFlowApprovedThroughTheVerificationPageThenThePollGetsTokens() throws Exception {
        DeviceAuthorizationSuccessResponse device = deviceCode(new Scope("openid", "profile"));
        assertThat(device.getVerificationURI()).hasToString(test.issuer() + "/device");

        driver.get(device.getVerificationURIComplete().toString());
        WebElement code = waitFor(By.id("user_code"));
        assertThat(code.getDomProperty("value")).isEqualTo(device.getUserCode().getValue());
        driver.findElement(By.id("continue")).click();
        signIn("carol", "carol-password");
        WebElement approve = waitFor(By.id("approve"));
        assertThat(driver.findElement(By.tagName("main")).getText())
                .contains("tv")
                .contains("carol")
                .contains("openid")
                .contains("profile");
        approve.click();
        assertThat(waitFor(By.id("message")).getText()).contains("Your device is connected");

        TokenResponse response = poll(device);
        assertThat(response.indicatesSuccess())
                .as(() -> response.toErrorResponse().getErrorObject().toString())
                .isTrue();
        OIDCTokens tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
        assertThat(tokens.getRefreshToken()).isNotNull();
        IDTokenClaimsSet claims = idTokenValidator(TV).validate(tokens.getIDToken(), null);
        assertThat(claims.getSubject().getValue()).isEqualTo("carol");

        UserInfo userInfo = UserInfoResponse.parse(
                        new UserInfoRequest(provider.getUserInfoEndpointURI(), tokens.getBearerAccessToken())
                                .toHTTPRequest()
                                .send())
                .toSuccessResponse()
                .getUserInfo();
        assertThat(userInfo.getSubject().getValue()).isEqualTo("carol");
        assertThat(userInfo.getName()).isEqualTo("Carol Example");
    }

    @Test
    void deviceCodeTypedInLowerCaseWithoutTheDashThenDeniedThenThePollGetsAccessDenied() throws Exception {
        DeviceAuthorizationSuccessResponse device = deviceCode(new Scope("openid"));
        driver.get(device.getVerificationURI().toString());
        WebElement code = waitFor(By.id("user_code"));
        assertThat(code.getDomProperty("value")).isEmpty();
        code.sendKeys(device.getUserCode().getValue().replace("-", "").toLowerCase(Locale.ROOT));
        driver.findElement(By.id("continue")).click();
        signIn("dave", "dave-password");
        decide("deny");
        assertThat(waitFor(By.id("message")).getText()).contains("The device was not given access.");

        TokenResponse response = poll(device);
        assertThat(response.indicatesSuccess()).isFalse();
        assertThat(((TokenErrorResponse) response).getErrorObject().getCode()).isEqualTo("access_denied");
        assertThat(List.of(response.toErrorResponse().getErrorObject().getHTTPStatusCode()))
                .containsExactly(400);
    }
}
