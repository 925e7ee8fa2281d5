package io.authdesign.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.client.ClientSecretBasic;
import io.authdesign.client.ClientSecretPost;
import io.authdesign.client.NoneAuthMethod;
import io.authdesign.http.Endpoint;
import io.authdesign.token.BearerToken;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowBuilderTest {

    private static final String ISSUER = "https://auth.example.com";

    @Test
    void buildWhenDefaultsThenStrategyNamesTtlBearerAndBasicAsInTheOriginal() {
        OAuth2ClientCredentials cc =
                OAuth2ClientCredentialsBuilder.create().setIssuer(ISSUER).build();
        OAuth2AuthorizationCode ac =
                OAuth2AuthorizationCodeBuilder.create().setIssuer(ISSUER).build();
        OAuth2DeviceAuthorization da =
                OAuth2DeviceAuthorizationBuilder.create().setIssuer(ISSUER).build();

        assertThat(cc.getStrategyName()).isEqualTo("oauth2-client-credentials");
        assertThat(ac.getStrategyName()).isEqualTo("oauth2-authorization-code");
        assertThat(da.getStrategyName()).isEqualTo("oauth2-device-authorization");
        assertThat(cc.getTokenTtl()).isEqualTo(3600);
        assertThat(cc.getTokenType()).isInstanceOf(BearerToken.class);
        assertThat(cc.tokenType()).isEqualTo("Bearer");
        assertThat(cc.getTokenEndpointAuthMethods()).containsExactly("client_secret_basic");
        assertThat(cc.getTokenPath()).isEqualTo("/oauth2/token");
        assertThat(ac.grantType()).isEqualTo("authorization_code");
        assertThat(da.grantType()).isEqualTo("urn:ietf:params:oauth:grant-type:device_code");
        assertThat(ac.getRefreshTokenPath()).isEmpty();
    }

    @Test
    void buildWhenSettersThenReflected() {
        OAuth2ClientCredentials cc = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .strategyName("svc")
                .setDescription("Service tokens")
                .setScopes(Map.of("read", "Read things"))
                .setTokenTTL(600)
                .build();

        assertThat(cc.getStrategyName()).isEqualTo("svc");
        assertThat(cc.getStrategyNames()).containsExactly("svc");
        assertThat(cc.getDescription()).isEqualTo("Service tokens");
        assertThat(cc.getScopes()).isEqualTo(Map.of("read", "Read things"));
        assertThat(cc.getTokenTtl()).isEqualTo(600);
        assertThat(OAuth2ClientCredentialsBuilder.create()
                        .setIssuer(ISSUER)
                        .setTokenTtl(5)
                        .build()
                        .getTokenTtl())
                .isEqualTo(5);
    }

    @Test
    void methodsWhenAddedInAnyOrderThenSortedBasicPostNoneAndNamesMapToTheirOwnMethod() {
        OAuth2AuthorizationCode ac = OAuth2AuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .addClientAuthenticationMethod(new NoneAuthMethod())
                .addClientAuthenticationMethod("client_secret_post")
                .addClientAuthenticationMethod(new ClientSecretBasic())
                .build();

        assertThat(ac.getTokenEndpointAuthMethods())
                .containsExactly("client_secret_basic", "client_secret_post", "none");
        assertThat(OAuth2AuthorizationCodeBuilder.create()
                        .setIssuer(ISSUER)
                        .addClientAuthenticationMethod("client_secret_basic")
                        .build()
                        .getClientAuthenticationMethods())
                .singleElement()
                .isInstanceOf(ClientSecretBasic.class);
        assertThat(OAuth2AuthorizationCodeBuilder.create()
                        .setIssuer(ISSUER)
                        .addClientAuthenticationMethod("client_secret_post")
                        .build()
                        .getClientAuthenticationMethods())
                .singleElement()
                .isInstanceOf(ClientSecretPost.class);
        assertThatThrownBy(() -> OAuth2AuthorizationCodeBuilder.create().addClientAuthenticationMethod("magic"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientCredentialsWhenNoneMethodThenRefusedAtConfiguration() {
        assertThatThrownBy(() ->
                        OAuth2ClientCredentialsBuilder.create().addClientAuthenticationMethod(new NoneAuthMethod()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confidential");
        assertThatThrownBy(() -> OIDCClientCredentialsBuilder.create().addClientAuthenticationMethod("none"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oidcBuildersWhenScopesSetThenOpenidComesFirst() {
        OIDCAuthorizationCode ac = OIDCAuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .setScopes(Map.of("email", "Your email"))
                .build();

        assertThat(ac.getScopes())
                .containsExactly(Map.entry("openid", "enable OpenID Connect"), Map.entry("email", "Your email"));
        assertThat(ac.isOpenId()).isTrue();
        assertThat(OIDCClientCredentialsBuilder.create()
                        .setIssuer(ISSUER)
                        .build()
                        .getScopes())
                .containsOnlyKeys("openid");
        assertThat(OIDCDeviceAuthorizationBuilder.create().setIssuer(ISSUER).build())
                .isInstanceOf(OAuth2DeviceAuthorization.class);
        assertThat(OAuth2AuthorizationCodeBuilder.create()
                        .setIssuer(ISSUER)
                        .build()
                        .isOpenId())
                .isFalse();
    }

    @Test
    void issuerWhenNotHttpsOrHasQueryThenRefused() {
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().setIssuer("http://auth.example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().setIssuer("https://a.example?x=1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().setIssuer("https://a.example#f"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().setIssuer("/relative"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(OAuth2ClientCredentialsBuilder.create()
                        .setIssuer("http://127.0.0.1:9000")
                        .build()
                        .getIssuer())
                .isEqualTo("http://127.0.0.1:9000");
        assertThat(OAuth2ClientCredentialsBuilder.create()
                        .setIssuer("http://localhost")
                        .build()
                        .getIssuer())
                .isEqualTo("http://localhost");
    }

    @Test
    void buildWhenNoIssuerThenIllegalState() {
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setIssuer");
    }

    @Test
    void pathsWhenInvalidThenRefused() {
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().tokenRoute(r -> r.setPath("")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().tokenRoute(r -> r.setPath("token")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().tokenRoute(r -> r.setPath("/t?x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipleFlowsBuilder.create().tokenEndpoint("/a b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scopesWhenNotScopeTokensThenRefused() {
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().setScopes(Map.of("a b", "two")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().setScopes(Map.of("", "empty")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OAuth2ClientCredentialsBuilder.create().setTokenTTL(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endpointsWhenRefreshOnItsOwnPathThenTwoTokenEndpointsAndMetadata() {
        OAuth2AuthorizationCode ac = OAuth2AuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .refreshTokenRoute(route -> route.setPath("/oauth2/refresh"))
                .build();

        assertThat(ac.endpoints())
                .extracting(e -> e.method() + " " + e.path())
                .containsExactly(
                        "POST /oauth2/token", "POST /oauth2/refresh", "GET /.well-known/oauth-authorization-server");
    }

    @Test
    void endpointsWhenIssuerHasPathThenMetadataAlsoUnderIt() {
        List<Endpoint> endpoints = OAuth2ClientCredentialsBuilder.create()
                .setIssuer("https://example.com/tenant/")
                .build()
                .endpoints();

        assertThat(endpoints)
                .extracting(Endpoint::path)
                .contains("/.well-known/oauth-authorization-server", "/.well-known/oauth-authorization-server/tenant");
    }

    @Test
    void multipleFlowsWhenNoIssuerOrNoFlowOrDuplicateGrantThenIllegalState() {
        assertThatThrownBy(() -> MultipleFlowsBuilder.create()
                        .add(OAuth2ClientCredentialsBuilder.create())
                        .build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MultipleFlowsBuilder.create().setIssuer(ISSUER).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MultipleFlowsBuilder.create()
                        .setIssuer(ISSUER)
                        .add(OAuth2ClientCredentialsBuilder.create())
                        .add(OIDCClientCredentialsBuilder.create())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client_credentials");
    }

    @Test
    void multipleFlowsWhenFlowHasAnotherIssuerThenIllegalState() {
        assertThatThrownBy(() -> MultipleFlowsBuilder.create()
                        .setIssuer(ISSUER)
                        .add(OAuth2ClientCredentialsBuilder.create().setIssuer("https://other.example.com"))
                        .build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void multipleFlowsWhenBuiltThenSharesIssuerAndMergesScopesAndStrategies() {
        MultipleFlows flows = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .tokenEndpoint("/token")
                .add(OIDCAuthorizationCodeBuilder.create().setScopes(Map.of("email", "e")))
                .add(OAuth2ClientCredentialsBuilder.create().setScopes(Map.of("read", "r")))
                .build();

        assertThat(flows.getFlows()).extracting(AuthDesign::getIssuer).containsOnly(ISSUER);
        assertThat(flows.getScopes()).containsOnlyKeys("openid", "email", "read");
        assertThat(flows.getStrategyNames()).containsExactly("oauth2-authorization-code", "oauth2-client-credentials");
        assertThat(flows.endpoints())
                .extracting(e -> e.method() + " " + e.path())
                .containsExactly(
                        "POST /token",
                        "GET /oauth2/keys",
                        "GET /.well-known/oauth-authorization-server",
                        "GET /.well-known/openid-configuration");
    }
}
