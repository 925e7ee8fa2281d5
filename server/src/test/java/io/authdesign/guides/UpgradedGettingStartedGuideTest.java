package io.authdesign.guides;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/guide-upgrading.md: the original's getting-started example in Java runs as the guide says, and the
 * guide's table names every symbol the original exports.
 */
class UpgradedGettingStartedGuideTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Javalin app;
    private static String issuer;

    @BeforeAll
    static void start() {
        int port = GuideClient.freePort();
        issuer = "http://127.0.0.1:" + port;
        app = UpgradedGettingStarted.start(issuer, port);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void multipleFlowsWhenPortedThenJwksAtTheConfiguredPathAndTokensOpenTheRoute() throws Exception {
        try (GuideClient client = new GuideClient(issuer)) {
            JsonNode discovery = JSON.readTree(
                    client.get("/.well-known/openid-configuration").body());
            assertThat(discovery.get("jwks_uri").asText()).isEqualTo(issuer + "/.well-known/jwks.json");
            HttpResponse<String> token = client.post(
                    "/oauth2/token",
                    Map.of("grant_type", "client_credentials"),
                    "Authorization",
                    GuideClient.basic("svc", "any"));
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            String accessToken = JSON.readTree(token.body()).get("access_token").asText();
            String kid = JSON.readTree(new String(
                            java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[0]),
                            java.nio.charset.StandardCharsets.UTF_8))
                    .get("kid")
                    .asText();
            HttpResponse<String> jwks = client.get("/.well-known/jwks.json");
            assertThat(jwks.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(jwks.body()).get("keys").findValuesAsText("kid"))
                    .contains(kid);

            HttpResponse<String> profile = client.get("/profile", "Authorization", "Bearer " + accessToken);
            assertThat(profile.statusCode()).isEqualTo(200);
            assertThat(profile.body()).isEqualTo("svc");

            HttpResponse<String> authorize = client.get("/oauth2/authorize?response_type=code&client_id=x");
            assertThat(authorize.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void guideWhenReadThenMapsEveryExportedSymbolOfTheOriginal() throws Exception {
        String guide = Files.readString(Path.of("../docs/guide-upgrading.md"));
        for (String name : EXPORTED) {
            assertThat(guide).as("docs/guide-upgrading.md maps `%s`", name).contains("`" + name);
        }
    }

    /** Every symbol the original exports (the specification's section 2.2, its designs and its CLI). */
    private static final List<String> EXPORTED = List.of(
            "PathValue",
            "WithRequired",
            "StandardOAuth2ErrorCode",
            "ExtendedOAuth2ErrorCode",
            "OAuth2ErrorCode",
            "OAuth2TokenErrorCode",
            "DeviceFlowOAuth2ErrorCode",
            "AllOAuth2ErrorCode",
            "AnyOAuth2ErrorCodeType",
            "createMatchOAuth2ErrorCode",
            "OAuth2ErrorBody",
            "OAuth2AuthOptions",
            "OpenIDHelpers",
            "TokenGenerator",
            "IOAuth2TokenResponse",
            "OAuth2TokenParams",
            "OAuth2TokenHandler",
            "IOAuth2TokenRoute",
            "OAuth2TokenRoute",
            "DefaultOAuth2TokenRoute",
            "setPath",
            "validate",
            "generateToken",
            "OAuth2RefreshTokenParams",
            "OAuth2RefreshTokenHandler",
            "IOAuth2RefreshTokenRoute",
            "OAuth2RefreshTokenRoute",
            "buildDefault",
            "DefaultOAuth2RefreshTokenRoute",
            "OAuth2TokenResponseBody",
            "toJSON",
            "OAuth2TokenResponse",
            "OAuth2JwksOptions",
            "OAuth2AuthDesignOptions",
            "OAuth2AuthDesign",
            "JWKSParams",
            "JWKSHandler",
            "IJWKSRoute",
            "JWKSRoute",
            "DefaultJWKSRoute",
            "OAuth2AuthDesignBuilder",
            "OIDCAuthUtil",
            "openIdConnect",
            "OAuth2SingleAuthFlow",
            "grantType",
            "handleToken",
            "getScopes",
            "OAuth2SingleAuthFlowBuilder",
            "OAuth2ACAuthorizationParams",
            "OAuth2ACAuthorizationHandler",
            "IOAuth2ACAuthorizationRoute",
            "OAuth2ACAuthorizationRoute",
            "AuthResponseRenderer",
            "AuthCodeGeneratorResult",
            "AuthCodeGenerator",
            "AuthResponseHandler",
            "DefaultOAuth2ACAuthorizationRoute",
            "AuthCodeResult",
            "AuthCodeResultMatchHandlers",
            "matchAuthCodeResult",
            "createMatchAuthCodeResult",
            "OAuth2ACTokenParams",
            "OAuth2ACTokenHandler",
            "IOAuth2ACTokenRoute",
            "OAuth2ACTokenRoute",
            "AuthCodeTokenGenerator",
            "DefaultOAuth2ACTokenRoute",
            "OAuth2ClientCredentialsTokenParams",
            "ClientCredentialsTokenGenerator",
            "DefaultOAuth2ClientCredentialsTokenRoute",
            "OAuth2DeviceAuthorizationParams",
            "OAuth2DeviceAuthorizationRoute",
            "DeviceCodeResponse",
            "DeviceCodeGenerator",
            "DefaultOAuth2DeviceAuthorizationRoute",
            "OAuth2DeviceCodeTokenErrorBody",
            "OAuth2DeviceAuthTokenParams",
            "DeviceAuthTokenGenerator",
            "DefaultOAuth2DeviceAuthTokenRoute",
            "OAuth2AuthorizationCodeArg",
            "OAuth2AuthorizationCode",
            "OIDCAuthorizationCodeArg",
            "OIDCAuthorizationCode",
            "OAuth2AuthorizationCodeBuilderArg",
            "OAuth2AuthorizationCodeBuilder",
            "OIDCAuthorizationCodeBuilderArg",
            "OIDCAuthorizationCodeBuilder",
            "DefaultOAuth2DeviceAuthRefreshTokenRoute",
            "SingleCodeFlow",
            "MultipleFlowsArg",
            "MultipleFlows",
            "MultipleFlowsBuilderArg",
            "MultipleFlowsBuilder",
            "TokenEndpointAuthMethod",
            "OAuth2ClientAuthentication",
            "sortTokenEndpointAuthMethods",
            "ClientAuthMethodResponse",
            "ClientAuthMethod",
            "ClientSecretBasic",
            "ClientSecretPost",
            "NoneAuthMethod",
            "ClientSecretJwtAlgorithms",
            "ClientSecretJwt",
            "PrivateKeyJwtAlgorithms",
            "PrivateKeyJwt",
            "InMemoryKeyStore",
            "createInMemoryKeyStore",
            "RSA",
            "JwksKeyStore",
            "KeyGenerator",
            "JwtAuthority",
            "JwksRotationTimestampStore",
            "JwksRotatorOptions",
            "JwksRotator",
            "OAuth2JwtPayload",
            "createIdToken",
            "createJwtAccessToken",
            "verifyJwt",
            "ReplayStore",
            "InMemoryReplayStore",
            "ReplayDetector",
            "createInMemoryReplayStore",
            "TokenTypeValidationResponse",
            "TokenTypeValidation",
            "TokenRequestValidation",
            "TokenType",
            "IBearerToken",
            "IDPoPToken",
            "BearerToken",
            "DPoPToken",
            "verifyCodeVerifier",
            "OAuth2ClientCredentials",
            "OIDCClientCredentials",
            "OAuth2DeviceAuthorization",
            "OIDCDeviceAuthorization",
            "OAuth2ClientCredentialsBuilder",
            "OIDCClientCredentialsBuilder",
            "OAuth2DeviceAuthorizationBuilder",
            "OIDCDeviceAuthorizationBuilder",
            "OAuth2FlowGenerator",
            "OAuth2UtilGenerator");
}
