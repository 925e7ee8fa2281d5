package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegisteredClientTest {

    private static final String REDIRECT = "https://app.example/cb";

    @Test
    void buildWhenNoSecretNoKeysThenPublicClientThatMustUsePkce() {
        RegisteredClient client =
                RegisteredClient.builder("spa").redirectUris(REDIRECT).build();

        assertThat(client.isPublic()).isTrue();
        assertThat(client.authMethods()).containsExactly("none");
        assertThat(client.grantTypes()).containsExactly("authorization_code");
        assertThat(client.requirePkce()).isTrue();
    }

    @Test
    void buildWhenSecretThenClientSecretBasicAndPkceStillRequired() {
        RegisteredClient client = RegisteredClient.builder("web")
                .secret(ClientSecret.of("aGFzaA"))
                .redirectUris(REDIRECT)
                .build();

        assertThat(client.isPublic()).isFalse();
        assertThat(client.authMethods()).containsExactly("client_secret_basic");
        assertThat(client.requirePkce()).isTrue();
    }

    @Test
    void buildWhenConfidentialClientOptsOutOfPkceThenAllowed() {
        RegisteredClient client = RegisteredClient.builder("web")
                .secret(ClientSecret.of("aGFzaA"))
                .redirectUris(REDIRECT)
                .withoutPkceRequirement()
                .build();
        assertThat(client.requirePkce()).isFalse();
    }

    @Test
    void buildWhenPublicClientOptsOutOfPkceThenRejected() {
        assertThatThrownBy(() -> RegisteredClient.builder("spa")
                        .redirectUris(REDIRECT)
                        .withoutPkceRequirement()
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PKCE");
    }

    @Test
    void buildWhenNoneCombinedWithSecretOrOtherMethodThenRejected() {
        assertThatThrownBy(() -> RegisteredClient.builder("c")
                        .authMethods("none")
                        .secret(ClientSecret.of("aGFzaA"))
                        .redirectUris(REDIRECT)
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegisteredClient.builder("c")
                        .authMethods("none", "client_secret_basic")
                        .secret(ClientSecret.of("aGFzaA"))
                        .redirectUris(REDIRECT)
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildWhenPublicClientAsksForClientCredentialsThenRejected() {
        assertThatThrownBy(() -> RegisteredClient.builder("c")
                        .grantTypes("client_credentials")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client_credentials");
    }

    @Test
    void buildWhenClientSecretJwtThenRejectedBecauseHashedSecretsCannotVerifyHmac() {
        assertThatThrownBy(() -> RegisteredClient.builder("c")
                        .authMethods("client_secret_jwt")
                        .secret(ClientSecret.of("aGFzaA"))
                        .grantTypes("client_credentials")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client_secret_jwt");
    }

    @Test
    void buildWhenClientSecretJwtWithoutStoredSecretThenAcceptedItsKeyKeptOutsideTheStore() {
        RegisteredClient client = RegisteredClient.builder("c")
                .authMethods("client_secret_jwt")
                .grantTypes("client_credentials")
                .build();
        assertThat(client.authMethods()).containsExactly("client_secret_jwt");
        assertThat(client.secrets()).isEmpty();
        assertThat(client.isPublic()).isFalse();
    }

    @Test
    void buildWhenClientSecretJwtBesideClientSecretBasicThenTheHashServesBasic() {
        RegisteredClient client = RegisteredClient.builder("c")
                .authMethods("client_secret_jwt", "client_secret_basic")
                .secret(ClientSecret.of("aGFzaA"))
                .grantTypes("client_credentials")
                .build();
        assertThat(client.authMethods()).containsExactly("client_secret_jwt", "client_secret_basic");
        assertThat(client.secrets()).hasSize(1);
    }

    @Test
    void buildWhenSetsGivenThenRegistrationOrderKept() {
        RegisteredClient client = RegisteredClient.builder("c")
                .secret(ClientSecret.of("aGFzaA"))
                .authMethods("client_secret_post", "client_secret_basic")
                .grantTypes("urn:ietf:params:oauth:grant-type:device_code", "refresh_token", "client_credentials")
                .scopes("write", "read", "admin", "audit")
                .build();
        assertThat(client.authMethods()).containsExactly("client_secret_post", "client_secret_basic");
        assertThat(client.grantTypes())
                .containsExactly("urn:ietf:params:oauth:grant-type:device_code", "refresh_token", "client_credentials");
        assertThat(client.scopes()).containsExactly("write", "read", "admin", "audit");
        assertThatThrownBy(() -> client.scopes().add("more")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(client.toBuilder().build()).isEqualTo(client);
    }

    @Test
    void constructorWhenASetHoldsNullThenRejected() {
        Set<String> scopes = new java.util.HashSet<>();
        scopes.add(null);
        assertThatThrownBy(() -> new RegisteredClient(
                        "spa",
                        List.of(),
                        Set.of("none"),
                        Set.of("authorization_code"),
                        List.of(REDIRECT),
                        scopes,
                        true,
                        null,
                        null,
                        null,
                        false,
                        List.of(),
                        null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void dpopBoundAccessTokensWhenNotSetThenFalseAndToBuilderKeepsIt() {
        RegisteredClient plain = RegisteredClient.builder("svc")
                .secret(ClientSecret.of("aGFzaA"))
                .grantTypes("client_credentials")
                .build();
        assertThat(plain.dpopBoundAccessTokens()).isFalse();

        RegisteredClient bound = plain.toBuilder().dpopBoundAccessTokens(true).build();
        assertThat(bound.dpopBoundAccessTokens()).isTrue();
        assertThat(bound.toBuilder().build()).isEqualTo(bound);
        assertThat(bound).isNotEqualTo(plain);
        assertThat(bound.toString()).contains("dpopBoundAccessTokens=true");
    }

    @Test
    void buildWhenSecretMethodWithoutSecretThenRejected() {
        assertThatThrownBy(() -> RegisteredClient.builder("c")
                        .authMethods("client_secret_post")
                        .grantTypes("client_credentials")
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildWhenPrivateKeyJwtWithPublicJwksThenAcceptedAndDefaulted() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        String jwks = new JWKSet(key.toPublicJWK()).toString();

        RegisteredClient client = RegisteredClient.builder("svc")
                .jwks(jwks)
                .grantTypes("client_credentials")
                .build();

        assertThat(client.authMethods()).containsExactly("private_key_jwt");
        assertThat(client.jwks()).isEqualTo(jwks);
    }

    @Test
    void buildWhenJwksHoldsPrivateKeyThenRejected() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        String jwks = new JWKSet(key).toString(false);
        assertThatThrownBy(() -> RegisteredClient.builder("svc")
                        .jwks(jwks)
                        .grantTypes("client_credentials")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public keys only");
    }

    @Test
    void buildWhenPrivateKeyJwtWithoutKeysOrWithBothJwksAndUriThenRejected() {
        assertThatThrownBy(() -> RegisteredClient.builder("svc")
                        .authMethods("private_key_jwt")
                        .grantTypes("client_credentials")
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegisteredClient.builder("svc")
                        .jwks("{\"keys\":[]}")
                        .jwksUri("https://svc.example/jwks")
                        .grantTypes("client_credentials")
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildWhenAuthorizationCodeWithoutRedirectUriOrWithFragmentThenRejected() {
        assertThatThrownBy(() -> RegisteredClient.builder("spa").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redirect URI");
        assertThatThrownBy(() -> RegisteredClient.builder("spa")
                        .redirectUris("https://app.example/cb#x")
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegisteredClient.builder("spa")
                        .redirectUris("/relative")
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "javascript:alert(1)//",
                "JavaScript:alert(1)",
                "data:text/html,hi",
                "vbscript:msgbox(1)",
                "file:///etc/passwd",
                "http://evil.example/cb",
                "http://127.0.0.1.evil.example/cb",
                "http://127.evil.example/cb",
                "http://[::2]/cb",
                "https:/no-host",
                "myapp:/cb",
                "https://app.example/cb#",
                "com.example.app:/cb#frag"
            })
    void buildWhenRedirectUriIsNotHttpsLoopbackOrPrivateUseThenRejected(String uri) {
        assertThatThrownBy(
                        () -> RegisteredClient.builder("spa").redirectUris(uri).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Client spa: redirect URI ")
                .hasMessageEndingWith(": " + uri);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://app.example/cb?x=1",
                "http://127.0.0.1:8080/callback",
                "http://127.255.0.9/cb",
                "http://[::1]:5000/cb",
                "http://localhost/cb",
                "com.example.app:/oauth2redirect",
                "com.example.app:/cb?x=1",
                "io.github.app2:/cb"
            })
    void buildWhenRedirectUriIsHttpsLoopbackHttpOrPrivateUseSchemeThenAccepted(String uri) {
        assertThat(RegisteredClient.builder("spa").redirectUris(uri).build().redirectUris())
                .containsExactly(uri);
    }

    @Test
    void hasRedirectUriWhenNotExactlyEqualThenFalse() {
        RegisteredClient client =
                RegisteredClient.builder("spa").redirectUris(REDIRECT).build();
        assertThat(client.hasRedirectUri(REDIRECT)).isTrue();
        assertThat(client.hasRedirectUri(REDIRECT + "/")).isFalse();
        assertThat(client.hasRedirectUri(REDIRECT + "?x=1")).isFalse();
        assertThat(client.hasRedirectUri("HTTPS://app.example/cb")).isFalse();
        assertThat(client.hasRedirectUri(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:49152/cb",
                "http://127.0.0.1:8080/cb",
                "http://127.0.0.1/cb",
                "http://[::1]:61000/native",
                "http://localhost:3000/cb?app=1"
            })
    void hasRedirectUriWhenLoopbackHttpWithAnyPortThenTrue(String uri) {
        RegisteredClient client = RegisteredClient.builder("cli")
                .redirectUris("http://127.0.0.1:8080/cb", "http://[::1]/native", "http://localhost/cb?app=1")
                .build();
        assertThat(client.hasRedirectUri(uri)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:49152/cb/",
                "http://127.0.0.1:49152/cb?x=1",
                "http://127.0.0.2:49152/cb",
                "http://localhost:49152/cb",
                "https://127.0.0.1:49152/cb",
                "http://a@127.0.0.1:49152/cb",
                "http://127.0.0.1:49152/cb#f",
                "https://app.example:444/cb",
                "http://127.0.0.1.evil.example:49152/cb"
            })
    void hasRedirectUriWhenLoopbackDiffersInMoreThanThePortOrNotLoopbackThenFalse(String uri) {
        RegisteredClient client = RegisteredClient.builder("cli")
                .redirectUris("http://127.0.0.1/cb", "https://app.example/cb")
                .build();
        assertThat(client.hasRedirectUri(uri)).isFalse();
    }

    @Test
    void constructorWhenCallerMutatesCollectionsLaterThenRecordUnchanged() {
        List<String> uris = new ArrayList<>(List.of(REDIRECT));
        RegisteredClient client = new RegisteredClient(
                "spa",
                List.of(),
                Set.of("none"),
                Set.of("authorization_code"),
                uris,
                Set.of(),
                true,
                null,
                null,
                null,
                false,
                List.of(),
                null);
        uris.add("https://evil.example/cb");
        assertThat(client.redirectUris()).containsExactly(REDIRECT);
    }

    @Test
    void toStringWhenSecretsPresentThenHashesNotPrinted() {
        RegisteredClient client = RegisteredClient.builder("web")
                .secret(ClientSecret.of("c2VjcmV0LWhhc2g"))
                .redirectUris(REDIRECT)
                .build();
        assertThat(client.toString()).doesNotContain("c2VjcmV0LWhhc2g");
    }

    @Test
    void resourcesWhenAbsoluteUrisThenKeptInOrderAndAllowedOnlyThose() {
        RegisteredClient client = RegisteredClient.builder("svc")
                .secret(ClientSecret.of("aGFzaA"))
                .grantTypes("client_credentials")
                .resources("urn:example:reports", "https://orders.example/api")
                .build();
        assertThat(client.resources()).containsExactly("urn:example:reports", "https://orders.example/api");
        assertThat(client.allowsResource("https://orders.example/api")).isTrue();
        assertThat(client.allowsResource("https://orders.example/api/")).isFalse();
        assertThat(client.toBuilder().build()).isEqualTo(client);
    }

    @Test
    void resourcesWhenRelativeOrWithFragmentThenRejected() {
        for (String resource : List.of("/api", "https://orders.example/api#x", "orders")) {
            assertThatThrownBy(() -> RegisteredClient.builder("svc")
                            .secret(ClientSecret.of("aGFzaA"))
                            .grantTypes("client_credentials")
                            .resources(resource)
                            .build())
                    .as(resource)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("RFC 8707");
        }
    }
}
