package io.authdesign.testkit;

import static io.authdesign.testkit.TestServer.TOKEN;
import static io.authdesign.testkit.TokenAssertions.assertBearer;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.token.AuthorizationCodeTokenContext;
import io.authdesign.token.ClientCredentialsTokenContext;
import io.authdesign.token.DeviceCodeTokenContext;
import io.authdesign.token.RefreshTokenContext;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each grant's handler receives (kaapi-spec section 3.3): the client as authenticated, the flow's TTL
 * and token type, and the grant's own parameters; a missing required parameter or a malformed scope is
 * refused before the handler runs.
 */
public abstract class GrantContextSuite {

    private static final RecordingHandler<ClientCredentialsTokenContext> CC = new RecordingHandler<>("cc");
    private static final RecordingHandler<AuthorizationCodeTokenContext> CODE = new RecordingHandler<>("code");
    private static final RecordingHandler<DeviceCodeTokenContext> DEVICE = new RecordingHandler<>("device");
    private static final RecordingHandler<RefreshTokenContext> REFRESH = new RecordingHandler<>("refreshed");
    private static final String MALFORMED_SCOPE = "The scope parameter is malformed";

    private static TestServer clientCredentials;
    private static TestServer code;
    private static TestServer device;

    @BeforeAll
    static void start() {
        clientCredentials = TestServer.start(Designs.clientCredentials(CC, "client_secret_basic", "client_secret_post")
                .setTokenTTL(120)
                .build());
        code = TestServer.start(Designs.authorizationCode(CODE, "client_secret_basic", "none")
                .setTokenTTL(900)
                .refreshTokenRoute(route -> route.generateToken(REFRESH))
                .build());
        device = TestServer.start(Designs.device(DEVICE, "none").build());
    }

    @AfterAll
    static void stop() {
        clientCredentials.close();
        code.close();
        device.close();
    }

    @BeforeEach
    void reset() {
        CC.reset();
        CODE.reset();
        DEVICE.reset();
        REFRESH.reset();
    }

    @Test
    void clientCredentialsThenContextHasClientScopeTtlAndTokenType() {
        Reply reply = clientCredentials
                .post(TOKEN)
                .basic("svc", "s3cret")
                .form("grant_type", "client_credentials", "scope", "read write")
                .send();

        assertBearer(reply, "cc");
        assertThat(CC.onlyContext())
                .extracting(
                        ClientCredentialsTokenContext::grantType,
                        ClientCredentialsTokenContext::clientId,
                        ClientCredentialsTokenContext::clientSecret,
                        ClientCredentialsTokenContext::clientAuthMethod,
                        ClientCredentialsTokenContext::ttl,
                        ClientCredentialsTokenContext::tokenType,
                        ClientCredentialsTokenContext::scope)
                .containsExactly(
                        "client_credentials",
                        "svc",
                        Optional.of("s3cret"),
                        ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                        120L,
                        "Bearer",
                        Optional.of("read write"));
    }

    @Test
    void clientCredentialsWithoutScopeThenScopeEmpty() {
        clientCredentials
                .post(TOKEN)
                .form("grant_type", "client_credentials", "client_id", "svc", "client_secret", "s")
                .send();

        assertThat(CC.onlyContext().scope()).isEmpty();
        assertThat(CC.onlyContext().ttl()).isEqualTo(120);
    }

    @ParameterizedTest
    @ValueSource(strings = {"read  write", " read", "read ", "read \"write\"", "a\\b", "lecture-é", "read\twrite"})
    void clientCredentialsWithMalformedScopeThenInvalidScope(String scope) {
        Reply reply = clientCredentials
                .post(TOKEN)
                .basic("svc", "s3cret")
                .form("grant_type", "client_credentials", "scope", scope)
                .send();

        assertError(reply, 400, "invalid_scope", MALFORMED_SCOPE);
        assertThat(CC.calls()).isZero();
    }

    @Test
    void authorizationCodeThenContextHasCodeVerifierAndRedirectUri() {
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        Reply reply = code.post(TOKEN)
                .basic("web", "s3cret")
                .form(
                        "grant_type", "authorization_code",
                        "code", "SplxlOBeZQQYbYS6WxSbIA",
                        "code_verifier", verifier,
                        "redirect_uri", "https://client.example.com/cb?x=1&y=2")
                .send();

        assertBearer(reply, "code");
        assertThat(CODE.onlyContext())
                .extracting(
                        AuthorizationCodeTokenContext::grantType,
                        AuthorizationCodeTokenContext::clientId,
                        AuthorizationCodeTokenContext::clientSecret,
                        AuthorizationCodeTokenContext::clientAuthMethod,
                        AuthorizationCodeTokenContext::ttl,
                        AuthorizationCodeTokenContext::tokenType,
                        AuthorizationCodeTokenContext::code,
                        AuthorizationCodeTokenContext::codeVerifier,
                        AuthorizationCodeTokenContext::redirectUri)
                .containsExactly(
                        "authorization_code",
                        "web",
                        Optional.of("s3cret"),
                        ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                        900L,
                        "Bearer",
                        "SplxlOBeZQQYbYS6WxSbIA",
                        Optional.of(verifier),
                        Optional.of("https://client.example.com/cb?x=1&y=2"));
    }

    @Test
    void authorizationCodeWithoutVerifierOrRedirectUriThenThoseEmpty() {
        Reply reply = code.post(TOKEN)
                .form("grant_type", "authorization_code", "code", "abc", "client_id", "spa")
                .send();

        assertBearer(reply, "code");
        assertThat(CODE.onlyContext().codeVerifier()).isEmpty();
        assertThat(CODE.onlyContext().redirectUri()).isEmpty();
        assertThat(CODE.onlyContext().clientAuthMethod()).isEqualTo(ClientAuthenticationMethod.NONE);
    }

    @Test
    void authorizationCodeMissingCodeThenInvalidRequestBeforeHandler() {
        Reply reply = code.post(TOKEN)
                .basic("web", "s3cret")
                .form("grant_type", "authorization_code", "redirect_uri", "https://client.example.com/cb")
                .send();

        assertError(reply, 400, "invalid_request", "The request is missing the 'code' parameter");
        assertThat(CODE.calls()).isZero();
    }

    @Test
    void authorizationCodeWithEmptyCodeThenInvalidRequest() {
        Reply reply = code.post(TOKEN)
                .basic("web", "s3cret")
                .body("grant_type=authorization_code&code=")
                .send();

        assertError(reply, 400, "invalid_request", "The request is missing the 'code' parameter");
    }

    @Test
    void authorizationCodeWithoutClientThenInvalidClientBeforeParameterChecks() {
        Reply reply = code.post(TOKEN).form("grant_type", "authorization_code").send();

        assertError(reply, 400, "invalid_client", "Client authentication is required");
    }

    @Test
    void deviceCodeThenContextHasDeviceCode() {
        Reply reply = device.post(TOKEN)
                .form(
                        "grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                        "device_code", "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS",
                        "client_id", "tv")
                .send();

        assertBearer(reply, "device");
        assertThat(DEVICE.onlyContext())
                .extracting(
                        DeviceCodeTokenContext::grantType,
                        DeviceCodeTokenContext::clientId,
                        DeviceCodeTokenContext::clientSecret,
                        DeviceCodeTokenContext::clientAuthMethod,
                        DeviceCodeTokenContext::ttl,
                        DeviceCodeTokenContext::tokenType,
                        DeviceCodeTokenContext::deviceCode)
                .containsExactly(
                        "urn:ietf:params:oauth:grant-type:device_code",
                        "tv",
                        Optional.empty(),
                        ClientAuthenticationMethod.NONE,
                        3600L,
                        "Bearer",
                        "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS");
    }

    @Test
    void deviceCodeMissingThenInvalidRequest() {
        Reply reply = device.post(TOKEN)
                .form("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "client_id", "tv")
                .send();

        assertError(reply, 400, "invalid_request", "The request is missing the 'device_code' parameter");
        assertThat(DEVICE.calls()).isZero();
    }

    @Test
    void refreshThenContextHasRefreshTokenScopeAndSecret() {
        Reply reply = code.post(TOKEN)
                .form(
                        "grant_type", "refresh_token",
                        "refresh_token", "tGzv3JOkF0XG5Qx2TlKWIA",
                        "scope", "openid email",
                        "client_id", "web",
                        "client_secret", "ignored")
                .send();

        // client_secret_post is not enabled on this flow
        assertError(reply, 400, "invalid_client", "The client authentication method is not supported");

        reply = code.post(TOKEN)
                .basic("web", "s3cret")
                .form("grant_type", "refresh_token", "refresh_token", "tGzv3JOkF0XG5Qx2TlKWIA", "scope", "openid email")
                .send();

        assertBearer(reply, "refreshed");
        assertThat(REFRESH.onlyContext())
                .extracting(
                        RefreshTokenContext::grantType,
                        RefreshTokenContext::clientId,
                        RefreshTokenContext::clientSecret,
                        RefreshTokenContext::clientAuthMethod,
                        RefreshTokenContext::ttl,
                        RefreshTokenContext::tokenType,
                        RefreshTokenContext::refreshToken,
                        RefreshTokenContext::scope)
                .containsExactly(
                        "refresh_token",
                        "web",
                        Optional.of("s3cret"),
                        ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                        900L,
                        "Bearer",
                        "tGzv3JOkF0XG5Qx2TlKWIA",
                        Optional.of("openid email"));
        assertThat(CODE.calls()).isZero();
    }

    @Test
    void refreshMissingRefreshTokenThenInvalidRequest() {
        Reply reply = code.post(TOKEN)
                .basic("web", "s3cret")
                .form("grant_type", "refresh_token", "scope", "openid")
                .send();

        assertError(reply, 400, "invalid_request", "The request is missing the 'refresh_token' parameter");
        assertThat(REFRESH.calls()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openid  email", "openid \"email\""})
    void refreshWithMalformedScopeThenInvalidScope(String scope) {
        Reply reply = code.post(TOKEN)
                .basic("web", "s3cret")
                .form("grant_type", "refresh_token", "refresh_token", "rt", "scope", scope)
                .send();

        assertError(reply, 400, "invalid_scope", MALFORMED_SCOPE);
        assertThat(REFRESH.calls()).isZero();
    }

    @Test
    void refreshByPublicClientThenSecretEmpty() {
        Reply reply = code.post(TOKEN)
                .form("grant_type", "refresh_token", "refresh_token", "rt", "client_id", "spa")
                .send();

        assertBearer(reply, "refreshed");
        assertThat(REFRESH.onlyContext().clientSecret()).isEmpty();
        assertThat(REFRESH.onlyContext().scope()).isEmpty();
    }

    @Test
    void handlerUsesContextTtlAndTokenTypeThenEchoed() {
        CC.answer((context, request) ->
                new OAuth2TokenResponse("t").setExpiresIn(context.ttl()).setTokenType(context.tokenType()));

        Reply reply = clientCredentials
                .post(TOKEN)
                .basic("svc", "s")
                .form("grant_type", "client_credentials")
                .send();

        TokenAssertions.assertTokens(reply, Map.of("access_token", "t", "token_type", "Bearer", "expires_in", 120));
    }
}
