package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
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
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference server seen by an independent client, the Nimbus OAuth 2.0 SDK: it discovers the server
 * from its RFC 8414 metadata, gets client_credentials tokens with both secret methods and both JWT methods
 * (the assertions built by Nimbus), and verifies the JWT access tokens against the server's JWKS.
 */
class NimbusClientTest {

    static final String SECRET = "n1mbus:secret/+ é%";
    static final String JWT_SECRET = "a client_secret_jwt secret of 32+ bytes";

    static ReferenceServer server;
    static AuthorizationServerMetadata metadata;
    static ECKey clientKey;

    @BeforeAll
    static void start() throws Exception {
        clientKey = new ECKeyGenerator(Curve.P_256).keyID("nimbus-client-key").generate();
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
                  - clientId: key-client
                    authMethods: [private_key_jwt]
                    grantTypes: [client_credentials]
                    scopes: [read]
                    jwks: {"keys": [%s]}
                  - clientId: hmac-client
                    clientSecret: "%s"
                    authMethods: [client_secret_jwt]
                    grantTypes: [client_credentials]
                    scopes: [write]
                """.formatted(port, port, clientKey.toPublicJWK().toJSONString(), JWT_SECRET);
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
        assertThat(metadata.getGrantTypes())
                .containsExactly(
                        GrantType.CLIENT_CREDENTIALS,
                        GrantType.AUTHORIZATION_CODE,
                        GrantType.DEVICE_CODE,
                        GrantType.REFRESH_TOKEN);
        assertThat(metadata.getTokenEndpointAuthMethods())
                .containsExactly(
                        ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                        ClientAuthenticationMethod.CLIENT_SECRET_POST,
                        ClientAuthenticationMethod.CLIENT_SECRET_JWT,
                        ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        assertThat(metadata.getTokenEndpointJWSAlgs())
                .contains(JWSAlgorithm.HS256, JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
        assertThat(metadata.getJWKSetURI()).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/oauth2/keys"));
        assertThat(metadata.getScopes())
                .containsExactlyInAnyOrderElementsOf(
                        new Scope("openid", "profile", "email", "address", "phone", "read", "write"));
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
        assertThat(tokens.getTokens().getRefreshToken()).isNull();
        JWTClaimsSet claims = verify(tokens, "svc");
        assertThat(claims.getStringClaim("scope")).isEqualTo("read");
    }

    @Test
    void accessTokenThenNimbusVerifiesItAsAnRfc9068JwtAgainstTheServersJwks() throws Exception {
        AccessTokenResponse tokens = success(new ClientSecretBasic(new ClientID("svc"), new Secret(SECRET)), null);
        SignedJWT jwt = SignedJWT.parse(tokens.getTokens().getAccessToken().getValue());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        JWTClaimsSet claims = verify(tokens, "svc");
        assertThat(claims.getClaims().keySet())
                .containsExactlyInAnyOrder("iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope");
        assertThat(claims.getStringClaim("scope")).isEqualTo("read write");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
                .isEqualTo(600_000L);
    }

    @Test
    void privateKeyJwtMadeByNimbusThenToken() throws Exception {
        PrivateKeyJWT auth = new PrivateKeyJWT(
                new ClientID("key-client"),
                metadata.getTokenEndpointURI(),
                JWSAlgorithm.ES256,
                clientKey.toPrivateKey(),
                clientKey.getKeyID(),
                null);
        AccessTokenResponse tokens = success(auth, null);
        assertThat(tokens.getTokens().getAccessToken().getScope()).isEqualTo(new Scope("read"));
        assertThat(verify(tokens, "key-client").getStringClaim("scope")).isEqualTo("read");
    }

    @Test
    void privateKeyJwtMadeByNimbusReplayedThenInvalidClient() throws Exception {
        PrivateKeyJWT auth = new PrivateKeyJWT(
                new ClientID("key-client"),
                metadata.getTokenEndpointURI(),
                JWSAlgorithm.ES256,
                clientKey.toPrivateKey(),
                clientKey.getKeyID(),
                null);
        success(auth, null);
        HTTPResponse replayed = send(auth, null);
        assertThat(replayed.getStatusCode()).isEqualTo(400);
        assertThat(TokenResponse.parse(replayed)
                        .toErrorResponse()
                        .getErrorObject()
                        .getCode())
                .isEqualTo(OAuth2Error.INVALID_CLIENT.getCode());
    }

    @Test
    void privateKeyJwtSignedWithAnotherKeyThenInvalidClient() throws Exception {
        ECKey stranger =
                new ECKeyGenerator(Curve.P_256).keyID(clientKey.getKeyID()).generate();
        HTTPResponse response = send(
                new PrivateKeyJWT(
                        new ClientID("key-client"),
                        metadata.getTokenEndpointURI(),
                        JWSAlgorithm.ES256,
                        stranger.toPrivateKey(),
                        stranger.getKeyID(),
                        null),
                null);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(TokenResponse.parse(response)
                        .toErrorResponse()
                        .getErrorObject()
                        .getCode())
                .isEqualTo(OAuth2Error.INVALID_CLIENT.getCode());
    }

    @Test
    void clientSecretJwtMadeByNimbusThenToken() throws Exception {
        AccessTokenResponse tokens = success(
                new ClientSecretJWT(
                        new ClientID("hmac-client"),
                        metadata.getTokenEndpointURI(),
                        JWSAlgorithm.HS256,
                        new Secret(JWT_SECRET)),
                null);
        assertThat(verify(tokens, "hmac-client").getStringClaim("scope")).isEqualTo("write");
    }

    /** Nimbus's own JWT processor: ES256 by a key of the server's JWKS, typ at+jwt, RFC 9068 claims. */
    private static JWTClaimsSet verify(AccessTokenResponse tokens, String clientId) throws Exception {
        String issuer = metadata.getIssuer().getValue();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                JWSAlgorithm.ES256,
                new ImmutableJWKSet<>(JWKSet.load(metadata.getJWKSetURI().toURL()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                issuer,
                new JWTClaimsSet.Builder()
                        .issuer(issuer)
                        .subject(clientId)
                        .claim("client_id", clientId)
                        .build(),
                Set.of("exp", "iat", "jti")));
        return processor.process(tokens.getTokens().getAccessToken().getValue(), null);
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
