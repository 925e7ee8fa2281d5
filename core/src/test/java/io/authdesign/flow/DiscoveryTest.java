package io.authdesign.flow;

import static io.authdesign.flow.JwtTestSupport.ISSUER;
import static io.authdesign.flow.JwtTestSupport.get;
import static io.authdesign.flow.JwtTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.NoneAuthMethod;
import io.authdesign.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The discovery documents (OpenID Connect Discovery section 3, RFC 8414 section 2), fetched in-process. */
class DiscoveryTest {

    private static final String OPENID = "/.well-known/openid-configuration";
    private static final String OAUTH = "/.well-known/oauth-authorization-server";
    private static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

    private static Map<String, Object> document(AuthDesign design, String path) {
        HttpResponse response = get(design, path);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).contains("application/json;charset=UTF-8");
        return json(response);
    }

    private static boolean serves(AuthDesign design, String path) {
        return design.endpoints().stream()
                .anyMatch(e -> e.method().equals("GET") && e.path().equals(path));
    }

    @Test
    void openIdConfigurationWhenOidcAuthorizationCodeWithRefreshOnTokenPathThenAdvertisesWhatIsServed() {
        OIDCAuthorizationCode design = OIDCAuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .setScopes(Map.of("profile", "your profile"))
                .addClientAuthenticationMethod(new NoneAuthMethod())
                .refreshTokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse("at")))
                .build();

        Map<String, Object> document = document(design, OPENID);

        assertThat(document)
                .containsEntry("issuer", ISSUER)
                .containsEntry("token_endpoint", "https://auth.example.com/oauth2/token")
                .containsEntry("jwks_uri", "https://auth.example.com/oauth2/keys")
                .containsEntry("subject_types_supported", List.of("public"))
                .containsEntry("id_token_signing_alg_values_supported", List.of("RS256"))
                .containsEntry("scopes_supported", List.of("openid", "profile"))
                .containsEntry("grant_types_supported", List.of("authorization_code", "refresh_token"))
                .containsEntry("code_challenge_methods_supported", List.of("S256"))
                .containsEntry("token_endpoint_auth_methods_supported", List.of("none"))
                .doesNotContainKey("token_endpoint_auth_signing_alg_values_supported")
                // no userinfo route signing responses: nothing to advertise (OIDC Discovery section 3)
                .doesNotContainKey("userinfo_signing_alg_values_supported");
        assertThat(get(design, OPENID).header("Cache-Control")).contains("public, max-age=300");
        assertThat(document(design, OAUTH))
                .containsEntry("issuer", ISSUER)
                .containsEntry("grant_types_supported", List.of("authorization_code", "refresh_token"))
                .doesNotContainKey("id_token_signing_alg_values_supported");
    }

    @Test
    void openIdConfigurationWhenOidcClientCredentialsThenNoTokenResponseTypeAndNoPkce() {
        OIDCClientCredentials design =
                OIDCClientCredentialsBuilder.create().setIssuer(ISSUER).build();

        Map<String, Object> document = document(design, OPENID);

        assertThat(document)
                .containsEntry("grant_types_supported", List.of("client_credentials"))
                .containsEntry("scopes_supported", List.of("openid"))
                .containsEntry("token_endpoint_auth_methods_supported", List.of("client_secret_basic"))
                .doesNotContainKey("code_challenge_methods_supported");
        assertThat((List<?>) document.get("response_types_supported")).noneMatch("token"::equals);
    }

    @Test
    void openIdConfigurationWhenAdditionalConfigurationThenItOverridesAndRelativeEndpointsGetTheIssuer() {
        OIDCDeviceAuthorization design = OIDCDeviceAuthorizationBuilder.create()
                .setIssuer(ISSUER)
                .additionalConfiguration(Map.of(
                        "userinfo_endpoint", "/userinfo",
                        "registration_endpoint", "//cdn.example.com/register",
                        "subject_types_supported", List.of("pairwise"),
                        "service_documentation", "https://docs.example.com"))
                .build();

        Map<String, Object> document = document(design, OPENID);

        assertThat(document)
                .containsEntry("userinfo_endpoint", "https://auth.example.com/userinfo")
                .containsEntry("registration_endpoint", "//cdn.example.com/register")
                .containsEntry("subject_types_supported", List.of("pairwise"))
                .containsEntry("service_documentation", "https://docs.example.com")
                .containsEntry("grant_types_supported", List.of(DEVICE_CODE));
        assertThat(document(design, OAUTH)).containsEntry("userinfo_endpoint", "https://auth.example.com/userinfo");
    }

    @Test
    void openIdConfigurationWhenMultipleFlowsThenFlowsMergedAndDesignConfigurationAppliedLast() {
        MultipleFlows design = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .tokenEndpoint("/token")
                .additionalConfiguration(Map.of("op_policy_uri", "https://example.com/design"))
                .add(OIDCAuthorizationCodeBuilder.create()
                        .setScopes(Map.of("profile", "p"))
                        .addClientAuthenticationMethod(new NoneAuthMethod())
                        .additionalConfiguration(
                                Map.of("userinfo_endpoint", "/userinfo", "op_policy_uri", "https://example.com/flow"))
                        .refreshTokenRoute(route -> {}))
                .add(OAuth2ClientCredentialsBuilder.create().setScopes(Map.of("api", "a")))
                .add(OAuth2DeviceAuthorizationBuilder.create().addClientAuthenticationMethod(new NoneAuthMethod()))
                .build();

        Map<String, Object> document = document(design, OPENID);

        assertThat(document)
                .containsEntry("issuer", ISSUER)
                .containsEntry("token_endpoint", "https://auth.example.com/token")
                .containsEntry("jwks_uri", "https://auth.example.com/oauth2/keys")
                .containsEntry(
                        "grant_types_supported",
                        List.of("authorization_code", "client_credentials", DEVICE_CODE, "refresh_token"))
                .containsEntry("scopes_supported", List.of("openid", "profile", "api"))
                .containsEntry("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "none"))
                .containsEntry("code_challenge_methods_supported", List.of("S256"))
                .containsEntry("id_token_signing_alg_values_supported", List.of("RS256"))
                .containsEntry("userinfo_endpoint", "https://auth.example.com/userinfo")
                .containsEntry("op_policy_uri", "https://example.com/design");
        assertThat(serves(design, JwtTestSupport.KEYS)).isTrue();
    }

    @Test
    void openIdConfigurationWhenNoOidcFlowThenNotServed() {
        OAuth2AuthorizationCode single = OAuth2AuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .addClientAuthenticationMethod(new NoneAuthMethod())
                .build();
        MultipleFlows multiple = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .add(OAuth2ClientCredentialsBuilder.create())
                .add(OAuth2DeviceAuthorizationBuilder.create().addClientAuthenticationMethod(new NoneAuthMethod()))
                .build();

        assertThat(serves(single, OPENID)).isFalse();
        assertThat(single.openIdConfiguration()).isNull();
        assertThat(serves(multiple, OPENID)).isFalse();
        assertThat(multiple.openIdConfiguration()).isNull();
        assertThat(document(single, OAUTH))
                .containsEntry("issuer", ISSUER)
                .containsEntry("code_challenge_methods_supported", List.of("S256"))
                .doesNotContainKey("jwks_uri");
        assertThat(document(multiple, OAUTH))
                .containsEntry("grant_types_supported", List.of("client_credentials", DEVICE_CODE));
    }
}
