package io.authdesign.testkit;

import static io.authdesign.testkit.TestServer.TOKEN;
import static io.authdesign.testkit.TokenAssertions.assertBearer;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.TokenResult;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.token.AuthorizationCodeTokenContext;
import io.authdesign.token.ClientCredentialsTokenContext;
import io.authdesign.token.DeviceCodeTokenContext;
import io.authdesign.token.RefreshTokenContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One token endpoint for several flows ({@code MultipleFlowsBuilder}): each grant goes to its flow with that
 * flow's client authentication methods, and a refresh request goes to each flow's refresh handler in turn
 * until one does not answer {@link TokenResult#CONTINUE}.
 */
public abstract class MultipleFlowsSuite {

    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final String NOT_SUPPORTED = "The client authentication method is not supported";

    private static final RecordingHandler<ClientCredentialsTokenContext> CC = new RecordingHandler<>("cc");
    private static final RecordingHandler<AuthorizationCodeTokenContext> CODE = new RecordingHandler<>("code");
    private static final RecordingHandler<DeviceCodeTokenContext> DEVICE = new RecordingHandler<>("device");
    private static final RecordingHandler<RefreshTokenContext> CODE_REFRESH = new RecordingHandler<>("code-rt");
    private static final RecordingHandler<RefreshTokenContext> DEVICE_REFRESH = new RecordingHandler<>("device-rt");

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(MultipleFlowsBuilder.create()
                .setIssuer(Designs.ISSUER)
                .add(Designs.clientCredentials(CC, "client_secret_basic"))
                .add(Designs.authorizationCode(CODE, "none", "client_secret_basic")
                        .refreshTokenRoute(route -> route.generateToken(CODE_REFRESH)))
                .add(Designs.device(DEVICE, "client_secret_post", "client_secret_basic")
                        .refreshTokenRoute(route -> route.generateToken(DEVICE_REFRESH)))
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        CC.reset();
        CODE.reset();
        DEVICE.reset();
        CODE_REFRESH.reset();
        DEVICE_REFRESH.reset();
    }

    private static TestServer.Call basic() {
        return server.post(TOKEN).basic("client", "secret");
    }

    private static Reply refreshWithBasic() {
        return basic().form("grant_type", "refresh_token", "refresh_token", "rt")
                .send();
    }

    @Test
    void clientCredentialsThenItsFlow() {
        assertBearer(basic().form("grant_type", "client_credentials").send(), "cc");
    }

    @Test
    void authorizationCodeByPublicClientThenItsFlow() {
        Reply reply = server.post(TOKEN)
                .form("grant_type", "authorization_code", "code", "c", "client_id", "spa")
                .send();

        assertBearer(reply, "code");
        assertThat(CODE.onlyContext().clientAuthMethod()).isEqualTo(ClientAuthenticationMethod.NONE);
    }

    @Test
    void deviceCodeWithPostThenItsFlow() {
        Reply reply = server.post(TOKEN)
                .form("grant_type", DEVICE_GRANT, "device_code", "dc", "client_id", "tv", "client_secret", "s")
                .send();

        assertBearer(reply, "device");
    }

    @Test
    void clientCredentialsWithMethodOnlyAnotherFlowEnablesThenInvalidClient() {
        // none is enabled on the authorization code flow, never on client credentials
        Reply reply = server.post(TOKEN)
                .form("grant_type", "client_credentials", "client_id", "spa")
                .send();

        assertError(reply, 400, "invalid_client", NOT_SUPPORTED);
        assertThat(CC.calls()).isZero();
    }

    @Test
    void clientCredentialsWithPostOnlyDeviceFlowEnablesThenInvalidClient() {
        Reply reply = server.post(TOKEN)
                .form("grant_type", "client_credentials", "client_id", "svc", "client_secret", "s")
                .send();

        assertError(reply, 400, "invalid_client", NOT_SUPPORTED);
        assertThat(CC.calls()).isZero();
    }

    @Test
    void authorizationCodeWithPostThenInvalidClient() {
        Reply reply = server.post(TOKEN)
                .form("grant_type", "authorization_code", "code", "c", "client_id", "web", "client_secret", "s")
                .send();

        assertError(reply, 400, "invalid_client", NOT_SUPPORTED);
        assertThat(CODE.calls()).isZero();
    }

    @Test
    void refreshAcceptedByFirstFlowThenSecondNotAsked() {
        assertBearer(refreshWithBasic(), "code-rt");
        assertThat(DEVICE_REFRESH.calls()).isZero();
    }

    @Test
    void refreshFirstFlowContinuesThenSecondIssues() {
        CODE_REFRESH.answer((context, request) -> TokenResult.CONTINUE);

        assertBearer(refreshWithBasic(), "device-rt");
        assertThat(CODE_REFRESH.calls()).isEqualTo(1);
        assertThat(DEVICE_REFRESH.onlyContext().refreshToken()).isEqualTo("rt");
    }

    @Test
    void refreshAllFlowsContinueThenInvalidGrant() {
        CODE_REFRESH.answer((context, request) -> TokenResult.CONTINUE);
        DEVICE_REFRESH.answer((context, request) -> TokenResult.CONTINUE);

        assertError(refreshWithBasic(), 400, "invalid_grant", "The refresh token was not accepted");
        assertThat(CODE_REFRESH.calls()).isEqualTo(1);
        assertThat(DEVICE_REFRESH.calls()).isEqualTo(1);
    }

    @Test
    void refreshFirstFlowRefusesThenRefusalReturnedAndSecondNotAsked() {
        CODE_REFRESH.answer((context, request) -> OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, "Revoked"));

        assertError(refreshWithBasic(), 400, "invalid_grant", "Revoked");
        assertThat(DEVICE_REFRESH.calls()).isZero();
    }

    @Test
    void refreshFirstFlowReturnsNullThenGenericInvalidRequest() {
        CODE_REFRESH.answer((context, request) -> null);

        assertError(refreshWithBasic(), 400, "invalid_request", "The request was not accepted");
        assertThat(DEVICE_REFRESH.calls()).isZero();
    }

    @Test
    void refreshWithMethodOnlySecondFlowEnablesThenSecondFlow() {
        Reply reply = server.post(TOKEN)
                .form("grant_type", "refresh_token", "refresh_token", "rt", "client_id", "tv", "client_secret", "s")
                .send();

        assertBearer(reply, "device-rt");
        assertThat(CODE_REFRESH.calls()).isZero();
        assertThat(DEVICE_REFRESH.onlyContext().clientAuthMethod())
                .isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_POST);
    }

    @Test
    void refreshWithMethodOnlyFirstFlowEnablesThenFirstFlow() {
        CODE_REFRESH.answer((context, request) -> TokenResult.CONTINUE);

        Reply reply = server.post(TOKEN)
                .form("grant_type", "refresh_token", "refresh_token", "rt", "client_id", "spa")
                .send();

        assertError(reply, 400, "invalid_grant", "The refresh token was not accepted");
        assertThat(CODE_REFRESH.calls()).isEqualTo(1);
        assertThat(DEVICE_REFRESH.calls()).isZero();
    }

    @Test
    void refreshWithMethodNoFlowEnablesThenInvalidClient() {
        Reply reply = server.post(TOKEN)
                .form(
                        "grant_type", "refresh_token",
                        "refresh_token", "rt",
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion", "e30.e30.sig")
                .send();

        assertError(reply, 400, "invalid_client", NOT_SUPPORTED);
        assertThat(CODE_REFRESH.calls() + DEVICE_REFRESH.calls()).isZero();
    }

    @Test
    void refreshWithBadBasicThenInvalidClient401() {
        Reply reply = server.post(TOKEN)
                .header("Authorization", "Basic %%%")
                .form("grant_type", "refresh_token", "refresh_token", "rt")
                .send();

        assertError(reply, 401, "invalid_client", "Client authentication failed");
    }

    @Test
    void refreshWithoutCredentialsThenInvalidClient() {
        Reply reply = server.post(TOKEN)
                .form("grant_type", "refresh_token", "refresh_token", "rt")
                .send();

        assertError(reply, 400, "invalid_client", "Client authentication is required");
    }

    @Test
    void refreshMissingRefreshTokenThenInvalidRequest() {
        Reply reply = basic().form("grant_type", "refresh_token").send();

        assertError(reply, 400, "invalid_request", "The request is missing the 'refresh_token' parameter");
        assertThat(CODE_REFRESH.calls() + DEVICE_REFRESH.calls()).isZero();
    }

    @Test
    void unknownGrantTypeThenUnsupportedGrantType() {
        Reply reply = basic().form("grant_type", "password").send();

        assertError(reply, 400, "unsupported_grant_type", "The grant type is not supported by this endpoint");
    }

    @Test
    void customTokenEndpointThenServedThereOnly() {
        RecordingHandler<ClientCredentialsTokenContext> handler = new RecordingHandler<>("custom");
        try (TestServer custom = TestServer.start(MultipleFlowsBuilder.create()
                .setIssuer(Designs.ISSUER)
                .tokenEndpoint("/token")
                .add(Designs.clientCredentials(handler))
                .build())) {
            assertBearer(
                    custom.post("/token")
                            .basic("a", "b")
                            .form("grant_type", "client_credentials")
                            .send(),
                    "custom");
            assertThat(custom.post(TOKEN)
                            .basic("a", "b")
                            .form("grant_type", "client_credentials")
                            .send()
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void twoFlowsWithSameGrantTypeThenBuildFails() {
        MultipleFlowsBuilder builder = MultipleFlowsBuilder.create()
                .setIssuer(Designs.ISSUER)
                .add(OAuth2ClientCredentialsBuilder.create())
                .add(OAuth2ClientCredentialsBuilder.create());

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client_credentials");
    }

    @Test
    void flowWithOtherIssuerThenBuildFails() {
        MultipleFlowsBuilder builder = MultipleFlowsBuilder.create()
                .setIssuer(Designs.ISSUER)
                .add(OAuth2ClientCredentialsBuilder.create().setIssuer("https://other.example.com"));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noIssuerOrNoFlowThenBuildFails() {
        assertThatThrownBy(() -> MultipleFlowsBuilder.create()
                        .add(OAuth2ClientCredentialsBuilder.create())
                        .build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() ->
                        MultipleFlowsBuilder.create().setIssuer(Designs.ISSUER).build())
                .isInstanceOf(IllegalStateException.class);
    }
}
