package io.authdesign.flow;

import static io.authdesign.flow.Requests.post;
import static io.authdesign.flow.Requests.postBasic;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenResult;
import io.authdesign.client.ClientSecretBasic;
import io.authdesign.client.ClientSecretPost;
import io.authdesign.client.NoneAuthMethod;
import io.authdesign.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TokenDispatchTest {

    private static final String ISSUER = "https://auth.example.com";
    private static final String TOKEN = "/oauth2/token";

    private static String json(HttpResponse response) {
        return response.bodyAsString();
    }

    @Test
    void singleFlowWhenGrantMatchesThenHandlerRunsWithContext() {
        List<String> seen = new CopyOnWriteArrayList<>();
        OAuth2ClientCredentials cc = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .setTokenTTL(120)
                .tokenRoute(route -> route.generateToken((ctx, request) -> {
                    seen.add(ctx.grantType() + "|" + ctx.clientId() + "|"
                            + ctx.clientSecret().orElseThrow() + "|"
                            + ctx.clientAuthMethod() + "|" + ctx.ttl() + "|" + ctx.tokenType() + "|"
                            + ctx.scope().orElse("-"));
                    return new OAuth2TokenResponse("at-1").setExpiresIn(ctx.ttl());
                }))
                .build();

        HttpResponse response = postBasic(cc, TOKEN, "svc", "s3cret", "grant_type=client_credentials&scope=a+b");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(json(response))
                .isEqualTo("{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":120}");
        assertThat(seen).containsExactly("client_credentials|svc|s3cret|client_secret_basic|120|Bearer|a b");
    }

    @Test
    void singleFlowWhenOtherGrantThenUnsupportedGrantTypeAndHandlerNotCalled() {
        List<String> calls = new CopyOnWriteArrayList<>();
        OAuth2ClientCredentials cc = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .tokenRoute(route -> route.generateToken((ctx, request) -> {
                    calls.add("called");
                    return null;
                }))
                .build();

        HttpResponse response = postBasic(cc, TOKEN, "svc", "s", "grant_type=refresh_token&refresh_token=x");

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response)).contains("\"error\":\"unsupported_grant_type\"");
        assertThat(calls).isEmpty();
    }

    @Test
    void refreshWhenSamePathThenTokenEndpointDispatchesToRefreshHandler() {
        OAuth2AuthorizationCode ac = OAuth2AuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .addClientAuthenticationMethod(new NoneAuthMethod())
                .refreshTokenRoute(route -> route.generateToken(
                        (ctx, request) -> new OAuth2TokenResponse("new-" + ctx.refreshToken()).setRefreshToken("rt-2")))
                .build();

        HttpResponse response = post(ac, TOKEN, "grant_type=refresh_token&refresh_token=rt-1&client_id=app");

        assertThat(response.status()).isEqualTo(200);
        assertThat(json(response))
                .isEqualTo("{\"access_token\":\"new-rt-1\",\"token_type\":\"Bearer\",\"refresh_token\":\"rt-2\"}");
    }

    @Test
    void refreshWhenHandlerReturnsNullThenGenericInvalidRequest() {
        OAuth2DeviceAuthorization da = OAuth2DeviceAuthorizationBuilder.create()
                .setIssuer(ISSUER)
                .addClientAuthenticationMethod(new NoneAuthMethod())
                .refreshTokenRoute(route -> route.generateToken((ctx, request) -> null))
                .build();

        HttpResponse response = post(da, TOKEN, "grant_type=refresh_token&refresh_token=rt&client_id=tv");

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response)).startsWith("{\"error\":\"invalid_request\"");
    }

    @Test
    void refreshWhenOwnPathThenOnlyRefreshThereAndNotAtTokenPath() {
        OAuth2AuthorizationCode ac = OAuth2AuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .addClientAuthenticationMethod(new NoneAuthMethod())
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse("from-code")))
                .refreshTokenRoute(route -> route.setPath("/oauth2/refresh")
                        .generateToken((ctx, request) -> new OAuth2TokenResponse("from-refresh")))
                .build();

        assertThat(json(post(ac, "/oauth2/refresh", "grant_type=refresh_token&refresh_token=r&client_id=a")))
                .contains("from-refresh");
        assertThat(json(post(ac, "/oauth2/refresh", "grant_type=authorization_code&code=c&client_id=a")))
                .contains("unsupported_grant_type");
        assertThat(json(post(ac, TOKEN, "grant_type=refresh_token&refresh_token=r&client_id=a")))
                .contains("unsupported_grant_type");
        assertThat(json(post(ac, TOKEN, "grant_type=authorization_code&code=c&client_id=a")))
                .contains("from-code");
    }

    @Test
    void defaultHandlersWhenNotConfiguredThenOriginalDefaults() {
        OAuth2DeviceAuthorization da = OAuth2DeviceAuthorizationBuilder.create()
                .setIssuer(ISSUER)
                .addClientAuthenticationMethod(new NoneAuthMethod())
                .build();
        OAuth2AuthorizationCode ac = OAuth2AuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .addClientAuthenticationMethod(new NoneAuthMethod())
                .build();

        assertThat(json(post(
                        da,
                        TOKEN,
                        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"
                                + "&device_code=d&client_id=tv")))
                .contains("\"error\":\"access_denied\"");
        assertThat(json(post(ac, TOKEN, "grant_type=authorization_code&code=c&client_id=a")))
                .contains("\"error\":\"invalid_request\"");
    }

    @Test
    void multipleFlowsWhenEachGrantThenItsOwnFlowAndMethods() {
        MultipleFlows flows = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .add(OAuth2ClientCredentialsBuilder.create()
                        .addClientAuthenticationMethod(new ClientSecretBasic())
                        .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse("cc"))))
                .add(OAuth2AuthorizationCodeBuilder.create()
                        .addClientAuthenticationMethod(new NoneAuthMethod())
                        .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse("ac"))))
                .build();

        assertThat(json(postBasic(flows, TOKEN, "svc", "s", "grant_type=client_credentials")))
                .contains("\"access_token\":\"cc\"");
        assertThat(json(post(flows, TOKEN, "grant_type=authorization_code&code=x&client_id=spa")))
                .contains("\"access_token\":\"ac\"");
        HttpResponse publicClientCc = post(flows, TOKEN, "grant_type=client_credentials&client_id=spa");
        assertThat(publicClientCc.status()).isEqualTo(400);
        assertThat(json(publicClientCc)).contains("\"error\":\"invalid_client\"");
    }

    @Test
    void multipleFlowsRefreshWhenFirstContinuesThenSecondAnswers() {
        MultipleFlows flows = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .add(OAuth2AuthorizationCodeBuilder.create()
                        .addClientAuthenticationMethod(new NoneAuthMethod())
                        .refreshTokenRoute(route -> route.generateToken(
                                (ctx, request) -> ctx.refreshToken().startsWith("ac-")
                                        ? new OAuth2TokenResponse("from-ac")
                                        : TokenResult.CONTINUE)))
                .add(OAuth2DeviceAuthorizationBuilder.create()
                        .addClientAuthenticationMethod(new NoneAuthMethod())
                        .refreshTokenRoute(route -> route.generateToken(
                                (ctx, request) -> ctx.refreshToken().startsWith("da-")
                                        ? new OAuth2TokenResponse("from-da")
                                        : TokenResult.CONTINUE)))
                .build();

        assertThat(json(post(flows, TOKEN, "grant_type=refresh_token&refresh_token=ac-1&client_id=c")))
                .contains("from-ac");
        assertThat(json(post(flows, TOKEN, "grant_type=refresh_token&refresh_token=da-1&client_id=c")))
                .contains("from-da");
        HttpResponse nobody = post(flows, TOKEN, "grant_type=refresh_token&refresh_token=zz&client_id=c");
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(json(nobody)).contains("\"error\":\"invalid_grant\"");
    }

    @Test
    void multipleFlowsRefreshWhenOnlySecondFlowAcceptsTheAuthMethodThenSecondAnswers() {
        MultipleFlows flows = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .add(OAuth2AuthorizationCodeBuilder.create()
                        .addClientAuthenticationMethod(new NoneAuthMethod())
                        .refreshTokenRoute(
                                route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse("ac"))))
                .add(OAuth2DeviceAuthorizationBuilder.create()
                        .addClientAuthenticationMethod(new ClientSecretPost())
                        .refreshTokenRoute(
                                route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse("da"))))
                .build();

        HttpResponse response =
                post(flows, TOKEN, "grant_type=refresh_token&refresh_token=r&client_id=c&client_secret=s");

        assertThat(response.status()).isEqualTo(200);
        assertThat(json(response)).contains("\"access_token\":\"da\"");
        HttpResponse basic = postBasic(flows, TOKEN, "c", "s", "grant_type=refresh_token&refresh_token=r");
        assertThat(basic.status()).isEqualTo(401);
        assertThat(json(basic)).contains("\"error\":\"invalid_client\"");
    }

    @Test
    void handlerWhenItThrowsThenServerErrorWithoutExceptionText() {
        OAuth2ClientCredentials cc = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .tokenRoute(route -> route.generateToken((ctx, request) -> {
                    throw new IllegalStateException("jdbc:postgresql://db password=hunter2");
                }))
                .build();

        HttpResponse response = postBasic(cc, TOKEN, "svc", "s", "grant_type=client_credentials");

        assertThat(response.status()).isEqualTo(500);
        assertThat(json(response))
                .isEqualTo(
                        "{\"error\":\"server_error\",\"error_description\":\"The server could not process the request\"}");
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    @Test
    void handlerErrorWhenInvalidClientViaBasicThen401WithChallengeElse400() {
        OAuth2ClientCredentials cc = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .addClientAuthenticationMethod(new ClientSecretBasic())
                .addClientAuthenticationMethod(new ClientSecretPost())
                .tokenRoute(route -> route.generateToken((ctx, request) ->
                        OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, "Client authentication failed")))
                .build();

        HttpResponse basic = postBasic(cc, TOKEN, "svc", "bad", "grant_type=client_credentials");
        HttpResponse body = post(cc, TOKEN, "grant_type=client_credentials&client_id=svc&client_secret=bad");

        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.header("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic "));
        assertThat(body.status()).isEqualTo(400);
        assertThat(body.header("WWW-Authenticate")).isEmpty();
        assertThat(json(body)).isEqualTo(json(basic));
    }

    @Test
    void metadataWhenMultipleFlowsThenUnionOfServedGrantsAndMethods() {
        MultipleFlows flows = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .add(OAuth2ClientCredentialsBuilder.create()
                        .addClientAuthenticationMethod(new ClientSecretPost())
                        .setScopes(Map.of("read", "r")))
                .add(OAuth2DeviceAuthorizationBuilder.create()
                        .addClientAuthenticationMethod(new NoneAuthMethod())
                        .refreshTokenRoute(route -> {}))
                .build();

        Map<String, Object> metadata = flows.authorizationServerMetadata();

        assertThat(metadata)
                .containsEntry("issuer", ISSUER)
                .containsEntry("token_endpoint", ISSUER + "/oauth2/token")
                .containsEntry(
                        "grant_types_supported",
                        List.of("client_credentials", "urn:ietf:params:oauth:grant-type:device_code", "refresh_token"))
                .containsEntry("token_endpoint_auth_methods_supported", List.of("client_secret_post", "none"))
                .containsEntry("response_types_supported", List.of())
                .containsEntry("scopes_supported", List.of("read"));
    }
}
