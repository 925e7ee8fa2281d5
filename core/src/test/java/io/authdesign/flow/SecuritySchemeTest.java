package io.authdesign.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.authorize.ClientCheck;
import io.authdesign.device.DeviceCodeResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The designs as OpenAPI 3.1 security schemes: the original's {@code docs()}, with its bug B13 fixed. */
class SecuritySchemeTest {

    private static final String ISSUER = "https://auth.example.com";

    @Test
    void clientCredentialsThenOauth2ClientCredentialsFlowNamedByStrategy() {
        SecurityScheme scheme = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .strategyName("machines")
                .setDescription("Service-to-service tokens")
                .setScopes(Map.of("read", "Read data"))
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse("t")))
                .build()
                .docs();

        assertThat(scheme.name()).isEqualTo("machines");
        assertThat(scheme.toOpenApi())
                .isEqualTo(Map.of(
                        "type",
                        "oauth2",
                        "description",
                        "Service-to-service tokens",
                        "flows",
                        Map.of(
                                "clientCredentials",
                                Map.of("tokenUrl", ISSUER + "/oauth2/token", "scopes", Map.of("read", "Read data")))));
        assertThat(scheme.requirement("read")).isEqualTo(Map.of("machines", List.of("read")));
    }

    @Test
    void authorizationCodeThenAuthorizationUrlTokenUrlAndRefreshUrl() {
        SecurityScheme scheme = OAuth2AuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .setScopes(Map.of("profile", "Your profile"))
                .authorizationRoute(route -> route.validateClient((id, uri) -> ClientCheck.valid("https://a/cb", true)))
                .refreshTokenRoute(route -> route.setPath("/oauth2/refresh"))
                .build()
                .docs();

        assertThat(scheme.name()).isEqualTo(AuthorizationCodeFlowBuilder.DEFAULT_STRATEGY_NAME);
        assertThat(scheme.toOpenApi())
                .isEqualTo(Map.of(
                        "type",
                        "oauth2",
                        "flows",
                        Map.of(
                                "authorizationCode",
                                Map.of(
                                        "authorizationUrl", ISSUER + "/oauth2/authorize",
                                        "tokenUrl", ISSUER + "/oauth2/token",
                                        "refreshUrl", ISSUER + "/oauth2/refresh",
                                        "scopes", Map.of("profile", "Your profile")))));
    }

    @Test
    void oauth2DeviceThenDeviceFlowNotEmptyFlows() {
        SecurityScheme scheme = OAuth2DeviceAuthorizationBuilder.create()
                .setIssuer(ISSUER)
                .authorizationRoute(route -> route.generateCode(
                        (ctx, request) -> new DeviceCodeResponse("dc", "UC", "https://v", "https://v?c=UC", 600, 5)))
                .build()
                .docs();

        assertThat(scheme.toOpenApi().get("flows"))
                .isEqualTo(Map.of(
                        SecurityScheme.DEVICE_FLOW,
                        Map.of(
                                "deviceAuthorizationUrl", ISSUER + "/oauth2/devicecode",
                                "tokenUrl", ISSUER + "/oauth2/token",
                                "scopes", Map.of())));
    }

    @Test
    void openIdFlowsThenOpenIdConnectScheme() {
        for (AuthDesign design : List.<AuthDesign>of(
                OIDCClientCredentialsBuilder.create().setIssuer(ISSUER).build(),
                OIDCAuthorizationCodeBuilder.create().setIssuer(ISSUER + "/").build(),
                OIDCDeviceAuthorizationBuilder.create().setIssuer(ISSUER).build())) {
            assertThat(design.docs().toOpenApi())
                    .isEqualTo(Map.of(
                            "type", "openIdConnect", "openIdConnectUrl", ISSUER + "/.well-known/openid-configuration"));
        }
    }

    @Test
    void multipleFlowsThenOpenIdConnectNamedAndDescribed() {
        MultipleFlows defaults = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .add(OAuth2ClientCredentialsBuilder.create())
                .build();
        MultipleFlows named = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .setSecuritySchemeName("auth")
                .setDescription("All our flows")
                .add(OAuth2ClientCredentialsBuilder.create())
                .build();

        assertThat(defaults.docs().name()).isEqualTo("oidc-multiple-flows");
        assertThat(named.docs().name()).isEqualTo("auth");
        assertThat(named.docs().toOpenApi())
                .containsEntry("type", "openIdConnect")
                .containsEntry("description", "All our flows")
                .containsEntry("openIdConnectUrl", ISSUER + "/.well-known/openid-configuration");
        assertThatThrownBy(() -> MultipleFlowsBuilder.create().setSecuritySchemeName("OIDC Multiple Flows"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OpenAPI");
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().strategyName("my strategy"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
