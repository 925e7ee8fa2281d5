package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ClientStore} owes. Subclass it once per implementation and return a fresh,
 * empty store from {@link #newStore}.
 */
public abstract class ClientStoreContract {

    /** For the store module tests that extend the contract. */
    protected ClientStoreContract() {}

    /** The instant the test clock starts at. */
    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** The test clock handed to the store. */
    protected final MutableClock clock = MutableClock.at(START);

    private ClientStore store;

    /** A new, empty store on {@code clock}. */
    protected abstract ClientStore newStore(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    private static RegisteredClient confidential(String clientId) {
        return RegisteredClient.builder(clientId)
                .secret(new ClientSecret("b2xkLWhhc2g", START.plusSeconds(3600)))
                .secret(ClientSecret.of("bmV3LWhhc2g"))
                .authMethods("client_secret_basic", "client_secret_post")
                .grantTypes("authorization_code", "refresh_token")
                .redirectUris("https://app.example/cb", "https://app.example/cb2")
                .scopes("openid", "profile")
                .clientName("App")
                .build();
    }

    @Test
    void findWhenSavedThenEveryFieldRoundTrips() {
        RegisteredClient client = confidential("web");
        store.save(client);

        assertThat(store.find("web")).contains(client);
        assertThat(store.find("web").orElseThrow().redirectUris())
                .containsExactly("https://app.example/cb", "https://app.example/cb2");
    }

    @Test
    void findWhenPublicClientWithNullOptionalsSavedThenRoundTrips() {
        RegisteredClient client = RegisteredClient.builder("spa")
                .redirectUris("https://spa.example/cb")
                .build();
        store.save(client);
        assertThat(store.find("spa")).contains(client);
    }

    @Test
    void findWhenClientWithSettingsSavedThenEverySettingRoundTrips() {
        ClientSettings settings = ClientSettings.builder()
                .requirePushedAuthorizationRequests(true)
                .idTokenSignedResponseAlg("PS256")
                .postLogoutRedirectUris("https://rp.example/bye", "https://rp.example/bye2")
                .backchannelLogoutUri("https://rp.example/backchannel")
                .backchannelLogoutSessionRequired(true)
                .requestUris("https://rp.example/request.jwt")
                .registrationAccessTokenHash("cmVnaXN0cmF0aW9uLWhhc2g")
                .userinfoSignedResponseAlg("ES256")
                .responseTypes("code", "id_token token", "id_token")
                .links(new ClientLinks(
                        "https://rp.example/",
                        "https://rp.example/logo.png",
                        "https://rp.example/privacy",
                        "https://rp.example/terms"))
                .build();
        RegisteredClient client =
                confidential("rp").toBuilder().settings(settings).build();
        store.save(client);

        assertThat(store.find("rp")).contains(client);
        assertThat(store.find("rp").orElseThrow().settings()).isEqualTo(settings);

        store.save(client.toBuilder().settings(ClientSettings.DEFAULT).build());
        assertThat(store.find("rp").orElseThrow().settings()).isEqualTo(ClientSettings.DEFAULT);
    }

    @Test
    void findWhenClientWithSignedUserinfoSavedThenTheAlgorithmRoundTripsAndCanBeCleared() {
        ClientSettings settings =
                ClientSettings.builder().userinfoSignedResponseAlg("RS256").build();
        RegisteredClient client =
                confidential("signed-userinfo").toBuilder().settings(settings).build();
        store.save(client);

        assertThat(store.find("signed-userinfo").orElseThrow().settings().userinfoSignedResponseAlg())
                .isEqualTo("RS256");
        assertThat(store.find("signed-userinfo")).contains(client);

        store.save(client.toBuilder()
                .settings(settings.toBuilder().userinfoSignedResponseAlg(null).build())
                .build());
        assertThat(store.find("signed-userinfo").orElseThrow().settings().userinfoSignedResponseAlg())
                .isNull();
    }

    @Test
    void findWhenFapi2ClientSavedThenTheProfileRoundTrips() throws Exception {
        String jwk = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                .generate()
                .toPublicJWK()
                .toJSONString();
        ClientSettings settings = ClientSettings.builder()
                .idTokenSignedResponseAlg("ES256")
                .fapi2(true)
                .build();
        RegisteredClient client = RegisteredClient.builder("bank")
                .authMethods("private_key_jwt")
                .redirectUris("https://bank.example/cb")
                .jwks("{\"keys\":[" + jwk + "]}")
                .withoutPkceRequirement()
                .settings(settings)
                .build();
        store.save(client);

        assertThat(store.find("bank").orElseThrow().settings().fapi2()).isTrue();
        assertThat(store.find("bank")).contains(client);
    }

    @Test
    void findWhenDpopBoundJwtClientSavedThenRoundTrips() {
        RegisteredClient client = RegisteredClient.builder("svc")
                .authMethods("private_key_jwt", "client_secret_jwt")
                .jwksUri("https://svc.example/jwks.json")
                .grantTypes("client_credentials")
                .scopes("read", "write")
                .dpopBoundAccessTokens(true)
                .resources("https://orders.example/api", "urn:example:reports")
                .build();
        store.save(client);

        assertThat(store.find("svc")).contains(client);
        assertThat(store.find("svc").orElseThrow().dpopBoundAccessTokens()).isTrue();
        assertThat(store.find("svc").orElseThrow().resources())
                .containsExactly("https://orders.example/api", "urn:example:reports");
    }

    @Test
    void findWhenNeverSavedThenEmpty() {
        store.save(confidential("web"));
        assertThat(store.find("other")).isEmpty();
        assertThat(store.find("WEB")).isEmpty();
    }

    @Test
    void saveWhenSameIdThenReplaced() {
        store.save(confidential("web"));
        RegisteredClient renamed =
                confidential("web").toBuilder().clientName("Renamed").build();
        store.save(renamed);
        assertThat(store.find("web")).contains(renamed);
    }

    @Test
    void deleteWhenSavedThenGoneAndOthersKept() {
        store.save(confidential("web"));
        store.save(confidential("other"));
        store.delete("web");
        store.delete("never-saved");
        assertThat(store.find("web")).isEmpty();
        assertThat(store.find("other")).isPresent();
    }
}
