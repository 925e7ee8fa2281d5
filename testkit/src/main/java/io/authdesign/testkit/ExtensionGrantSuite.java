package io.authdesign.testkit;

import static io.authdesign.testkit.TestServer.TOKEN;
import static io.authdesign.testkit.TokenAssertions.assertBearer;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.token.ClientCredentialsTokenContext;
import io.authdesign.token.ExtensionGrantContext;
import io.authdesign.token.GrantType;
import io.authdesign.token.TokenGrant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Extension grants (RFC 6749 section 4.5) registered on a flow: served by the same token pipeline as the
 * built-in grants (client authentication, required parameters, scope syntax), advertised in
 * {@code grant_types_supported}, and merged by {@code MultipleFlows}.
 */
public abstract class ExtensionGrantSuite {

    private static final GrantType JWT_BEARER = GrantType.of("urn:ietf:params:oauth:grant-type:jwt-bearer");
    private static final GrantType TOKEN_EXCHANGE = GrantType.of("urn:ietf:params:oauth:grant-type:token-exchange");

    private static final RecordingHandler<ClientCredentialsTokenContext> CC = new RecordingHandler<>("cc");
    private static final RecordingHandler<ExtensionGrantContext> BEARER = new RecordingHandler<>("from-assertion");
    private static final RecordingHandler<ExtensionGrantContext> EXCHANGE = new RecordingHandler<>("exchanged");

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(MultipleFlowsBuilder.create()
                .setIssuer(Designs.ISSUER)
                .add(Designs.clientCredentials(CC, "client_secret_basic")
                        .addExtensionGrant(TokenGrant.extension(JWT_BEARER, BEARER, "assertion")))
                .add(Designs.device(new RecordingHandler<>("unused"), "client_secret_post")
                        .addExtensionGrant(
                                TokenGrant.extension(TOKEN_EXCHANGE, EXCHANGE, "subject_token", "subject_token_type")))
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        CC.reset();
        BEARER.reset();
        EXCHANGE.reset();
    }

    @Test
    void extensionGrantWhenParametersPresentThenHandlerRunsWithItsContext() {
        Reply reply = server.post(TOKEN)
                .basic("svc", "secret")
                .form("grant_type", JWT_BEARER.value(), "assertion", "eyJ.x.y", "scope", "read")
                .send();

        assertBearer(reply, "from-assertion");
        ExtensionGrantContext context = BEARER.onlyContext();
        assertThat(context.grantType()).isEqualTo(JWT_BEARER.value());
        assertThat(context.clientId()).isEqualTo("svc");
        assertThat(context.clientSecret()).contains("secret");
        assertThat(context.clientAuthMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        assertThat(context.parameter("assertion")).contains("eyJ.x.y");
        assertThat(context.requestedScope()).contains("read");
        assertThat(context.tokenType()).isEqualTo("Bearer");
        assertThat(CC.calls()).isZero();
    }

    @Test
    void extensionGrantWhenRequiredParameterMissingThenInvalidRequestAndHandlerNotCalled() {
        Reply reply = server.post(TOKEN)
                .basic("svc", "secret")
                .form("grant_type", JWT_BEARER.value())
                .send();

        assertError(reply, 400, "invalid_request", "The request is missing the 'assertion' parameter");
        assertThat(BEARER.calls()).isZero();
    }

    @Test
    void extensionGrantWithMethodOfAnotherFlowThenInvalidClientAndHandlerNotCalled() {
        Reply reply = server.post(TOKEN)
                .form("grant_type", JWT_BEARER.value(), "assertion", "a", "client_id", "svc", "client_secret", "s")
                .send();

        assertError(reply, 400, "invalid_client", "The client authentication method is not supported");
        assertThat(BEARER.calls()).isZero();
    }

    @Test
    void secondFlowsExtensionGrantThenItsHandlerWithItsMethod() {
        Reply reply = server.post(TOKEN)
                .form(
                        "grant_type", TOKEN_EXCHANGE.value(),
                        "subject_token", "st",
                        "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                        "client_id", "gateway",
                        "client_secret", "s")
                .send();

        assertBearer(reply, "exchanged");
        assertThat(EXCHANGE.onlyContext().parameter("subject_token")).contains("st");
    }

    @Test
    void extensionGrantHandlerErrorThenSentAsIs() {
        BEARER.answer((context, request) -> OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, "The assertion expired"));

        Reply reply = server.post(TOKEN)
                .basic("svc", "secret")
                .form("grant_type", JWT_BEARER.value(), "assertion", "a")
                .send();

        assertError(reply, 400, "invalid_grant", "The assertion expired");
    }

    @Test
    void metadataThenExtensionGrantsAdvertised() {
        Reply reply = server.get("/.well-known/oauth-authorization-server").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("grant_types_supported"))
                .isEqualTo(List.of(
                        "client_credentials",
                        JWT_BEARER.value(),
                        "urn:ietf:params:oauth:grant-type:device_code",
                        TOKEN_EXCHANGE.value()));
    }

    /** The README's example: a token exchange grant on a client credentials flow. */
    static OAuth2ClientCredentialsBuilder readmeExample() {
        // snippet:extension-grant:begin
        OAuth2ClientCredentialsBuilder flow = OAuth2ClientCredentialsBuilder.create()
                .addExtensionGrant(TokenGrant.extension(
                        GrantType.of("urn:ietf:params:oauth:grant-type:token-exchange"),
                        (ctx, request) -> new OAuth2TokenResponse("exchanged-for-" + ctx.clientId())
                                .set("issued_token_type", "urn:ietf:params:oauth:token-type:access_token"),
                        "subject_token",
                        "subject_token_type"));
        // snippet:extension-grant:end
        return flow;
    }

    @Test
    void readmeExampleThenServesTokenExchange() {
        try (TestServer exchange =
                TestServer.start(readmeExample().setIssuer(Designs.ISSUER).build())) {
            Reply reply = exchange.post(TOKEN)
                    .basic("gateway", "s")
                    .form(
                            "grant_type", TOKEN_EXCHANGE.value(),
                            "subject_token", "st",
                            "subject_token_type", "urn:ietf:params:oauth:token-type:access_token")
                    .send();

            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            assertThat(reply.json())
                    .containsEntry("access_token", "exchanged-for-gateway")
                    .containsEntry("token_type", "Bearer")
                    .containsEntry("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");
        }
    }

    @Test
    void extensionOfBuiltInOrRelativeGrantTypeThenRefused() {
        assertThatThrownBy(() -> TokenGrant.extension(GrantType.REFRESH_TOKEN, BEARER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("built-in");
        assertThatThrownBy(() -> TokenGrant.extension(GrantType.of("password"), BEARER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute URI");
    }

    @Test
    void sameExtensionGrantInTwoFlowsThenBuildFails() {
        MultipleFlowsBuilder builder = MultipleFlowsBuilder.create()
                .setIssuer(Designs.ISSUER)
                .add(Designs.clientCredentials(CC).addExtensionGrant(TokenGrant.extension(JWT_BEARER, BEARER)))
                .add(Designs.device(new RecordingHandler<>("d"))
                        .addExtensionGrant(TokenGrant.extension(JWT_BEARER, BEARER)));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(JWT_BEARER.value());
    }
}
