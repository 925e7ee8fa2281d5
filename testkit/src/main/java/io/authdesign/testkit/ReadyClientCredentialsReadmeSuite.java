package io.authdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.authdesign.client.PrivateKeyJwt;
import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.ready.ReadyClientCredentialsFlow;
import io.authdesign.ready.RegisteredClientKeys;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.RegisteredClient;
import java.net.URI;
import java.security.PrivateKey;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The README's ready client credentials example ({@code snippet:ready-client-credentials}, which
 * DocumentationSnippetsTest (javalin) holds the README to), compiled and run.
 */
public abstract class ReadyClientCredentialsReadmeSuite {

    static OAuth2ClientCredentials readmeExample(
            ClientStore clientStore, ClientSecretHasher secretHasher, String issuer) {
        // snippet:ready-client-credentials:begin
        RegisteredClientKeys keys =
                RegisteredClientKeys.builder().clients(clientStore).build();
        OAuth2ClientCredentials design = ReadyClientCredentialsFlow.builder()
                .clients(clientStore, secretHasher)
                .build()
                .install(OAuth2ClientCredentialsBuilder.create()
                        .setIssuer(issuer)
                        .addClientAuthenticationMethod("client_secret_basic")
                        .addClientAuthenticationMethod(
                                new PrivateKeyJwt().getPublicKeyForClient(keys).addAlgorithm("ES256")))
                .build();
        // snippet:ready-client-credentials:end
        return design;
    }

    @Test
    void readmeExampleThenTokensForASecretClientAndAKeyClient() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("batch-1").generate();
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(new SecureRandom());
        InMemoryClientStore clients = new InMemoryClientStore();
        clients.save(RegisteredClient.builder("svc")
                .secret(ClientSecret.of(hasher.hash("svc-secret")))
                .grantTypes("client_credentials")
                .scopes("read")
                .build());
        clients.save(RegisteredClient.builder("batch")
                .jwks(new JWKSet(key.toPublicJWK()).toString())
                .grantTypes("client_credentials")
                .scopes("read", "write")
                .build());

        try (TestServer server = TestServer.startAtOwnIssuer(issuer -> readmeExample(clients, hasher, issuer))) {
            URI token = server.uri(TestServer.TOKEN);
            assertThat(scopeOf(token, new ClientSecretBasic(new ClientID("svc"), new Secret("svc-secret"))))
                    .isEqualTo("read");
            PrivateKey privateKey = key.toPrivateKey();
            assertThat(scopeOf(
                            token,
                            new PrivateKeyJWT(
                                    new JWTAuthenticationClaimsSet(new ClientID("batch"), new Audience(token)),
                                    com.nimbusds.jose.JWSAlgorithm.ES256,
                                    privateKey,
                                    key.getKeyID(),
                                    null)))
                    .isEqualTo("read write");
        }
    }

    private static String scopeOf(URI token, ClientAuthentication client) throws Exception {
        TokenResponse response = TokenResponse.parse(new TokenRequest(token, client, new ClientCredentialsGrant(), null)
                .toHTTPRequest()
                .send());
        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        return response.toSuccessResponse()
                .getTokens()
                .getAccessToken()
                .getScope()
                .toString();
    }
}
