package io.authdesign.testkit;

import static io.authdesign.testkit.TestServer.TOKEN;
import static io.authdesign.testkit.TokenAssertions.assertBearer;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.client.NoneAuthMethod;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.flow.OIDCClientCredentialsBuilder;
import io.authdesign.token.AuthorizationCodeTokenContext;
import io.authdesign.token.DeviceCodeTokenContext;
import io.authdesign.token.RefreshTokenContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dispatch on {@code grant_type} between a flow's token route and its refresh route, same or own path. */
public abstract class TokenDispatchSuite {

    private static final String REFRESH_PATH = "/oauth2/refresh";
    private static final String UNSUPPORTED = "The grant type is not supported by this endpoint";

    private static final RecordingHandler<AuthorizationCodeTokenContext> CODE = new RecordingHandler<>("code");
    private static final RecordingHandler<RefreshTokenContext> CODE_REFRESH = new RecordingHandler<>("code-refresh");
    private static final RecordingHandler<DeviceCodeTokenContext> DEVICE = new RecordingHandler<>("device");
    private static final RecordingHandler<RefreshTokenContext> DEVICE_REFRESH =
            new RecordingHandler<>("device-refresh");
    private static final RecordingHandler<AuthorizationCodeTokenContext> NO_REFRESH = new RecordingHandler<>("plain");

    /** Authorization code flow, refresh at the token path. */
    private static TestServer samePath;
    /** Device flow, refresh at its own path. */
    private static TestServer ownPath;
    /** Authorization code flow without refresh route. */
    private static TestServer withoutRefresh;

    @BeforeAll
    static void start() {
        samePath = TestServer.start(Designs.authorizationCode(CODE)
                .refreshTokenRoute(route -> route.setPath(TOKEN).generateToken(CODE_REFRESH))
                .build());
        ownPath = TestServer.start(Designs.device(DEVICE)
                .refreshTokenRoute(route -> route.setPath(REFRESH_PATH).generateToken(DEVICE_REFRESH))
                .build());
        withoutRefresh = TestServer.start(Designs.authorizationCode(NO_REFRESH).build());
    }

    @AfterAll
    static void stop() {
        samePath.close();
        ownPath.close();
        withoutRefresh.close();
    }

    @BeforeEach
    void reset() {
        CODE.reset();
        CODE_REFRESH.reset();
        DEVICE.reset();
        DEVICE_REFRESH.reset();
        NO_REFRESH.reset();
    }

    private static TestServer.Call post(TestServer server, String path) {
        return server.post(path).basic("client", "secret");
    }

    @Test
    void refreshAtSharedPathThenRefreshHandler() {
        assertBearer(
                post(samePath, TOKEN)
                        .form("grant_type", "refresh_token", "refresh_token", "rt")
                        .send(),
                "code-refresh");
        assertThat(CODE.calls()).isZero();
        assertThat(CODE_REFRESH.onlyContext().refreshToken()).isEqualTo("rt");
    }

    @Test
    void codeAtSharedPathThenTokenHandler() {
        assertBearer(
                post(samePath, TOKEN)
                        .form("grant_type", "authorization_code", "code", "c")
                        .send(),
                "code");
        assertThat(CODE_REFRESH.calls()).isZero();
    }

    @Test
    void refreshAtOwnPathThenRefreshHandler() {
        Reply reply = post(ownPath, REFRESH_PATH)
                .form("grant_type", "refresh_token", "refresh_token", "rt")
                .send();

        assertBearer(reply, "device-refresh");
    }

    @Test
    void deviceGrantAtRefreshPathThenUnsupportedGrantType() {
        Reply reply = post(ownPath, REFRESH_PATH)
                .form("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "device_code", "dc")
                .send();

        assertError(reply, 400, "unsupported_grant_type", UNSUPPORTED);
        assertThat(DEVICE.calls()).isZero();
    }

    @Test
    void refreshAtTokenPathWhenRefreshHasOwnPathThenUnsupportedGrantType() {
        Reply reply = post(ownPath, TOKEN)
                .form("grant_type", "refresh_token", "refresh_token", "rt")
                .send();

        assertError(reply, 400, "unsupported_grant_type", UNSUPPORTED);
        assertThat(DEVICE_REFRESH.calls()).isZero();
    }

    @Test
    void deviceGrantAtTokenPathWhenRefreshHasOwnPathThenTokenHandler() {
        Reply reply = post(ownPath, TOKEN)
                .form("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "device_code", "dc")
                .send();

        assertBearer(reply, "device");
    }

    @Test
    void refreshPathAlsoAppliesBodyRules() {
        Reply reply = post(ownPath, REFRESH_PATH)
                .body("grant_type=refresh_token&refresh_token=a&refresh_token=b")
                .send();

        assertError(reply, 400, "invalid_request", "The parameter 'refresh_token' is repeated");
    }

    @Test
    void refreshOnFlowWithoutRefreshRouteThenUnsupportedGrantType() {
        Reply reply = post(withoutRefresh, TOKEN)
                .form("grant_type", "refresh_token", "refresh_token", "rt")
                .send();

        assertError(reply, 400, "unsupported_grant_type", UNSUPPORTED);
        assertThat(NO_REFRESH.calls()).isZero();
    }

    @Test
    void clientCredentialsBuilderRefusesNoneMethod() {
        assertThatThrownBy(() ->
                        OAuth2ClientCredentialsBuilder.create().addClientAuthenticationMethod(new NoneAuthMethod()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none");
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().addClientAuthenticationMethod("none"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OIDCClientCredentialsBuilder.create().addClientAuthenticationMethod("none"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flowWithoutIssuerThenBuildFails() {
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("issuer");
    }
}
