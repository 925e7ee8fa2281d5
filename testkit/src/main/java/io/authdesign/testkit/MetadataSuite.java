package io.authdesign.testkit;

import static io.authdesign.testkit.TestServer.METADATA;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import io.authdesign.authorize.ClientCheck;
import io.authdesign.flow.AuthDesign;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OIDCAuthorizationCodeBuilder;
import io.authdesign.token.ClientCredentialsTokenContext;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The authorization server metadata document (RFC 8414) at {@code /.well-known/oauth-authorization-server}:
 * what the design really serves, in a form an independent client configures itself from.
 */
public abstract class MetadataSuite {

    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private static Reply metadataOf(AuthDesign design) {
        try (TestServer server = TestServer.start(design)) {
            return server.get(METADATA).send();
        }
    }

    private static Map<String, Object> documentOf(AuthDesign design) {
        Reply reply = metadataOf(design);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        TokenAssertions.assertJson(reply);
        return reply.json();
    }

    @Test
    void clientCredentialsFlowThenExactDocument() {
        AuthDesign design = Designs.clientCredentials(
                        new RecordingHandler<>("t"), "client_secret_post", "client_secret_basic")
                .setScopes(Map.of("read", "Read things"))
                .build();

        assertThat(documentOf(design))
                .isEqualTo(Map.of(
                        "issuer", "https://as.example.com",
                        "token_endpoint", "https://as.example.com/oauth2/token",
                        "grant_types_supported", List.of("client_credentials"),
                        "response_types_supported", List.of(),
                        "token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"),
                        "scopes_supported", List.of("read")));
    }

    @Test
    void metadataResponseThenJsonAndCacheable() {
        Reply reply = metadataOf(
                Designs.clientCredentials(new RecordingHandler<>("t")).build());

        assertThat(reply.status()).isEqualTo(200);
        TokenAssertions.assertJson(reply);
        assertThat(reply.headers("Cache-Control")).containsExactly("public, max-age=300");
    }

    @Test
    void noScopesThenScopesSupportedLeftOut() {
        assertThat(documentOf(
                        Designs.clientCredentials(new RecordingHandler<>("t")).build()))
                .doesNotContainKey("scopes_supported")
                .containsEntry("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
    }

    @Test
    void authMethodsAddedInAnyOrderThenBasicPostNone() {
        AuthDesign design = Designs.authorizationCode(
                        new RecordingHandler<>("t"), "none", "client_secret_post", "client_secret_basic")
                .build();

        assertThat(documentOf(design))
                .containsEntry(
                        "token_endpoint_auth_methods_supported",
                        List.of("client_secret_basic", "client_secret_post", "none"));
    }

    @Test
    void refreshAtTokenPathThenRefreshGrantListed() {
        AuthDesign design = Designs.authorizationCode(new RecordingHandler<>("t"))
                .refreshTokenRoute(route -> route.generateToken(new RecordingHandler<>("r")))
                .build();

        assertThat(documentOf(design))
                .containsEntry("grant_types_supported", List.of("authorization_code", "refresh_token"));
    }

    @Test
    void refreshAtOwnPathThenRefreshGrantNotListed() {
        AuthDesign design = Designs.device(new RecordingHandler<>("t"))
                .refreshTokenRoute(route -> route.setPath("/oauth2/refresh").generateToken(new RecordingHandler<>("r")))
                .build();

        assertThat(documentOf(design)).containsEntry("grant_types_supported", List.of(DEVICE_GRANT));
    }

    @Test
    void customTokenPathThenAdvertised() {
        AuthDesign design = Designs.clientCredentials(new RecordingHandler<>("t"))
                .tokenRoute(route -> route.setPath("/connect/token"))
                .build();

        assertThat(documentOf(design)).containsEntry("token_endpoint", "https://as.example.com/connect/token");
    }

    @Test
    void oidcFlowThenOpenidScopeFirst() {
        AuthDesign design = OIDCAuthorizationCodeBuilder.create()
                .setIssuer(Designs.ISSUER)
                .setScopes(Map.of("email", "Access to user email"))
                .build();

        assertThat(documentOf(design)).containsEntry("scopes_supported", List.of("openid", "email"));
    }

    @Test
    void issuerWithPathThenAlsoServedUnderWellKnownWithPath() {
        AuthDesign design = Designs.clientCredentials(new RecordingHandler<>("t"))
                .setIssuer("https://example.com/tenant")
                .build();

        try (TestServer server = TestServer.start(design)) {
            Reply withPath = server.get(METADATA + "/tenant").send();
            Reply plain = server.get(METADATA).send();

            assertThat(withPath.status()).isEqualTo(200);
            assertThat(withPath.json())
                    .containsEntry("issuer", "https://example.com/tenant")
                    .containsEntry("token_endpoint", "https://example.com/tenant/oauth2/token");
            assertThat(plain.json()).isEqualTo(withPath.json());
            assertThat(server.get(METADATA + "/other").send().status()).isEqualTo(404);
        }
    }

    @Test
    void issuerWithTrailingSlashThenNoDoubleSlashInEndpoints() {
        AuthDesign design = Designs.clientCredentials(new RecordingHandler<>("t"))
                .setIssuer("https://as.example.com/")
                .build();

        assertThat(documentOf(design))
                .containsEntry("issuer", "https://as.example.com/")
                .containsEntry("token_endpoint", "https://as.example.com/oauth2/token");
    }

    @Test
    void multipleFlowsThenUnionOfGrantsMethodsAndScopes() {
        AuthDesign design = MultipleFlowsBuilder.create()
                .setIssuer(Designs.ISSUER)
                .add(Designs.device(new RecordingHandler<>("d"), "none").setScopes(Map.of("tv", "TV")))
                .add(Designs.clientCredentials(new RecordingHandler<>("c"), "client_secret_post")
                        .setScopes(Map.of("read", "Read")))
                .add(OIDCAuthorizationCodeBuilder.create()
                        .addClientAuthenticationMethod("client_secret_basic")
                        .refreshTokenRoute(route -> route.generateToken(new RecordingHandler<>("r"))))
                .build();

        assertThat(documentOf(design))
                .isEqualTo(Map.of(
                        "issuer", "https://as.example.com",
                        "token_endpoint", "https://as.example.com/oauth2/token",
                        "grant_types_supported",
                                List.of(DEVICE_GRANT, "client_credentials", "authorization_code", "refresh_token"),
                        "response_types_supported", List.of(),
                        "token_endpoint_auth_methods_supported",
                                List.of("client_secret_basic", "client_secret_post", "none"),
                        "scopes_supported", List.of("tv", "read", "openid"),
                        "jwks_uri", "https://as.example.com/oauth2/keys",
                        "code_challenge_methods_supported", List.of("S256")));
    }

    @Test
    void postToMetadataThenMethodNotAllowed() {
        try (TestServer server = TestServer.start(
                Designs.clientCredentials(new RecordingHandler<>("t")).build())) {
            assertThat(server.post(METADATA).send().status()).isEqualTo(405);
        }
    }

    @Test
    void nimbusParsesDocument() throws Exception {
        Reply reply = metadataOf(
                Designs.clientCredentials(new RecordingHandler<>("t"), "client_secret_basic", "client_secret_post")
                        .build());

        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(reply.body());

        assertThat(metadata.getIssuer()).isEqualTo(new Issuer(Designs.ISSUER));
        assertThat(metadata.getTokenEndpointURI()).isEqualTo(URI.create("https://as.example.com/oauth2/token"));
        assertThat(metadata.getGrantTypes()).containsExactly(GrantType.CLIENT_CREDENTIALS);
        assertThat(metadata.getTokenEndpointAuthMethods())
                .containsExactly(
                        ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);
    }

    @Test
    void nimbusDiscoversFromIssuerThenGetsToken() throws Exception {
        RecordingHandler<ClientCredentialsTokenContext> handler = new RecordingHandler<>("discovered");
        try (TestServer server = TestServer.startAtOwnIssuer(
                issuer -> Designs.clientCredentials(handler).setIssuer(issuer).build())) {
            Issuer issuer = new Issuer("http://127.0.0.1:" + server.port());

            AuthorizationServerMetadata metadata = AuthorizationServerMetadata.resolve(issuer);
            TokenRequest request = new TokenRequest(
                    metadata.getTokenEndpointURI(),
                    new ClientSecretBasic(new ClientID("svc"), new Secret("secret")),
                    new ClientCredentialsGrant(),
                    null);
            TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());

            assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
            assertThat(response.toSuccessResponse().getTokens().getAccessToken().getValue())
                    .isEqualTo("discovered");
        }
    }

    @Test
    void authorizationCodeFlowThenAuthorizationEndpointAndCodeResponseType() {
        AuthDesign design = Designs.authorizationCode(new RecordingHandler<>("t"))
                .authorizationRoute(
                        route -> route.validateClient((clientId, redirectUri) -> ClientCheck.invalid("no clients")))
                .build();

        assertThat(documentOf(design))
                .containsEntry("authorization_endpoint", "https://as.example.com/oauth2/authorize")
                .containsEntry("response_types_supported", List.of("code"));
    }
}
