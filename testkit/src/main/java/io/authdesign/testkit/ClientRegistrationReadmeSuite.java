package io.authdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.flow.MultipleFlows;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.ready.ReadyClientCredentialsFlow;
import io.authdesign.registration.ClientRegistrationEndpoint;
import io.authdesign.registration.InitialAccess;
import io.authdesign.registration.RegistrationPolicy;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import io.authdesign.store.InMemoryClientStore;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The README's dynamic client registration example ({@code snippet:client-registration}), compiled and
 * run: a client registered over HTTP lands in the store and gets tokens at once.
 */
public abstract class ClientRegistrationReadmeSuite {

    static MultipleFlows readmeExample(ClientStore clientStore, ClientSecretHasher secretHasher, String issuer) {
        // snippet:client-registration:begin
        ClientRegistrationEndpoint registration = ClientRegistrationEndpoint.builder()
                .issuer(issuer)
                .clients(clientStore, secretHasher)
                .access(InitialAccess.open()) // or InitialAccess.token(token -> ...)
                .policy(new RegistrationPolicy(
                        Set.of("client_secret_basic"), // token_endpoint_auth_method values offered
                        Set.of("client_credentials"), // grant_types offered
                        Set.of("read", "write"), // scopes offered (all of them by default)
                        Set.of("RS256"))) // id_token_signed_response_alg values offered
                .build();
        MultipleFlows design = MultipleFlowsBuilder.create()
                .setIssuer(issuer)
                .add(ReadyClientCredentialsFlow.builder()
                        .clients(clientStore, secretHasher)
                        .build()
                        .install(OAuth2ClientCredentialsBuilder.create()
                                .addClientAuthenticationMethod("client_secret_basic")))
                .addEndpoints(registration.endpoints(), registration.metadata())
                .build();
        // snippet:client-registration:end
        return design;
    }

    @Test
    void readmeExampleThenRegisteredClientGetsTokens() {
        InMemoryClientStore clients = new InMemoryClientStore();
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(new SecureRandom());
        try (TestServer server = TestServer.startAtOwnIssuer(issuer -> readmeExample(clients, hasher, issuer))) {
            Reply registered = server.post(ClientRegistrationEndpoint.DEFAULT_PATH)
                    .contentType("application/json")
                    .body("{\"grant_types\":[\"client_credentials\"],\"scope\":\"read\"}")
                    .send();
            assertThat(registered.status()).as("%s", registered).isEqualTo(201);
            Map<String, Object> client = registered.json();
            assertThat(client)
                    .containsEntry("grant_types", java.util.List.of("client_credentials"))
                    .containsEntry("response_types", java.util.List.of())
                    .containsEntry("scope", "read");
            String clientId = (String) client.get("client_id");
            assertThat(clients.find(clientId)).isPresent();

            Reply token = server.post(TestServer.TOKEN)
                    .basic(clientId, (String) client.get("client_secret"))
                    .form("grant_type", "client_credentials")
                    .send();
            assertThat(token.status()).as("%s", token).isEqualTo(200);
            assertThat(token.json()).containsEntry("scope", "read");

            Reply metadata = server.get(TestServer.METADATA).send();
            assertThat(metadata.json())
                    .containsEntry("registration_endpoint", "http://127.0.0.1:" + server.port() + "/oauth2/register");
        }
    }
}
