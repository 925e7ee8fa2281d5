package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import java.net.URI;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference server seen by an independent client, the Nimbus OAuth 2.0 SDK: it discovers the server
 * from its RFC 8414 metadata and gets client_credentials tokens with both secret methods.
 */
class NimbusClientTest {

    static final String SECRET = "n1mbus:secret/+ é%";

    static ReferenceServer server;
    static AuthorizationServerMetadata metadata;

    @BeforeAll
    static void start() throws Exception {
        int port = Http.freePort();
        String config = """
                issuer: http://127.0.0.1:%d
                port: %d
                tokenTtl: 600
                clients:
                  - clientId: svc
                    clientSecret: "n1mbus:secret/+ é%%"
                    authMethods: [client_secret_basic, client_secret_post]
                    grantTypes: [client_credentials]
                    scopes: [read, write]
                """.formatted(port, port);
        SecureRandom random = new SecureRandom();
        server = ReferenceServer.start(new ConfigLoader(random).parse("nimbus.yaml", config), random);
        metadata = AuthorizationServerMetadata.resolve(new Issuer("http://127.0.0.1:" + port));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void metadataResolvesWithNimbus() {
        assertThat(metadata.getIssuer().getValue()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(metadata.getTokenEndpointURI())
                .isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/oauth2/token"));
        assertThat(metadata.getGrantTypes()).containsExactly(GrantType.CLIENT_CREDENTIALS);
        assertThat(metadata.getTokenEndpointAuthMethods())
                .containsExactly(
                        ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);
        assertThat(metadata.getScopes()).isEqualTo(new Scope("read", "write"));
    }

    @Test
    void metadataParsesFromTheRawDocument() throws Exception {
        String document = Http.get("http://127.0.0.1:" + server.port() + "/.well-known/oauth-authorization-server")
                .body();
        AuthorizationServerMetadata parsed = AuthorizationServerMetadata.parse(document);
        assertThat(parsed.toJSONObject()).isEqualTo(metadata.toJSONObject());
    }

    @Test
    void clientSecretBasicThenNimbusParsesABearerToken() throws Exception {
        AccessTokenResponse tokens = success(new ClientSecretBasic(new ClientID("svc"), new Secret(SECRET)), "read");
        assertThat(tokens.getTokens().getAccessToken().getType()).isEqualTo(AccessTokenType.BEARER);
        assertThat(tokens.getTokens().getAccessToken().getLifetime()).isEqualTo(600);
        assertThat(tokens.getTokens().getAccessToken().getScope()).isEqualTo(new Scope("read"));
        assertThat(tokens.getTokens().getAccessToken().getValue()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(tokens.getTokens().getRefreshToken()).isNull();
    }

    @Test
    void clientSecretPostThenNimbusParsesABearerToken() throws Exception {
        AccessTokenResponse tokens = success(new ClientSecretPost(new ClientID("svc"), new Secret(SECRET)), null);
        assertThat(tokens.getTokens().getAccessToken().getType()).isEqualTo(AccessTokenType.BEARER);
        assertThat(tokens.getTokens().getAccessToken().getLifetime()).isEqualTo(600);
        assertThat(tokens.getTokens().getAccessToken().getScope()).isEqualTo(new Scope("read", "write"));
    }

    @Test
    void wrongSecretThenNimbusParsesInvalidClient() throws Exception {
        HTTPResponse response = send(new ClientSecretBasic(new ClientID("svc"), new Secret("wrong")), null);
        assertThat(response.getStatusCode()).isEqualTo(401);
        TokenResponse parsed = TokenResponse.parse(response);
        assertThat(parsed.indicatesSuccess()).isFalse();
        assertThat(((TokenErrorResponse) parsed).getErrorObject().getCode())
                .isEqualTo(OAuth2Error.INVALID_CLIENT.getCode());
    }

    @Test
    void scopeNotAllowedThenNimbusParsesInvalidScope() throws Exception {
        HTTPResponse response = send(new ClientSecretPost(new ClientID("svc"), new Secret(SECRET)), "admin");
        TokenErrorResponse parsed = TokenResponse.parse(response).toErrorResponse();
        assertThat(parsed.getErrorObject().getHTTPStatusCode()).isEqualTo(400);
        assertThat(parsed.getErrorObject().getCode()).isEqualTo(OAuth2Error.INVALID_SCOPE.getCode());
    }

    private static AccessTokenResponse success(ClientAuthentication auth, String scope) throws Exception {
        HTTPResponse response = send(auth, scope);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getHeaderValue("Cache-Control")).isEqualTo("no-store");
        TokenResponse parsed = TokenResponse.parse(response);
        assertThat(parsed.indicatesSuccess()).isTrue();
        return parsed.toSuccessResponse();
    }

    private static HTTPResponse send(ClientAuthentication auth, String scope) throws Exception {
        TokenRequest request = new TokenRequest.Builder(
                        metadata.getTokenEndpointURI(), auth, new ClientCredentialsGrant())
                .scope(scope == null ? null : Scope.parse(scope))
                .build();
        return request.toHTTPRequest().send();
    }
}
