package io.authdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.dpop.DPoPToken;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.flow.OAuth2DeviceAuthorizationBuilder;
import io.authdesign.ready.ReadyClientCredentialsFlow;
import io.authdesign.ready.ReadyDeviceFlow;
import io.authdesign.ready.UserAccounts;
import io.authdesign.replay.InMemoryReplayStore;
import io.authdesign.replay.ReplayStore;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.InMemoryDeviceCodeStore;
import io.authdesign.store.InMemoryRefreshTokenStore;
import io.authdesign.store.MutableClock;
import io.authdesign.store.RegisteredClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Anonymous requests create no stored state (issue 11 item 8): a valid DPoP proof sent by an unknown client
 * or with a junk access token leaves no replay entry (RFC 9449 section 11.1), and a public device client
 * cannot make the store keep unbounded device codes (RFC 8628 section 5.2): past the bound it gets
 * {@code slow_down}.
 */
public abstract class AnonymousStateSuite {

    private static final String ISSUER = Designs.ISSUER;
    private static final String HTU = ISSUER + TestServer.TOKEN;
    private static final String DEVICE = "/oauth2/devicecode";
    private static final String ME = "/api/me";
    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    /** A replay store that counts its entries. */
    private static final class CountingReplayStore implements ReplayStore {
        private final ReplayStore store = new InMemoryReplayStore();
        final List<String> added = new ArrayList<>();

        @Override
        public synchronized boolean add(String value, Duration ttl) {
            added.add(value);
            return store.add(value, ttl);
        }
    }

    private final MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final CountingReplayStore replays = new CountingReplayStore();
    private final DPoPProofs key = DPoPProofs.generate();
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The ready client credentials and device flows, DPoP optional, device authorizations bounded at 3. */
    private TestServer start() {
        SecureRandom random = new SecureRandom();
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(random);
        InMemoryClientStore clients = new InMemoryClientStore();
        clients.save(RegisteredClient.builder("svc")
                .secret(ClientSecret.of(hasher.hash("svc-secret-0123456789")))
                .grantTypes("client_credentials")
                .scopes("read")
                .build());
        clients.save(RegisteredClient.builder("tv")
                .authMethods("none")
                .grantTypes(DEVICE_GRANT)
                .scopes("read")
                .build());
        UserAccounts users = new UserAccounts() {
            @Override
            public Optional<String> authenticate(String username, String password) {
                return Optional.empty();
            }

            @Override
            public Map<String, Object> claims(String subject) {
                return Map.of();
            }
        };
        DPoPToken dpop =
                new DPoPToken().setRequired(false).setReplayDetector(replays).setClock(clock);
        ReadyDeviceFlow device = ReadyDeviceFlow.builder()
                .clients(clients, hasher)
                .devices(new InMemoryDeviceCodeStore(clock))
                .refreshTokens(new InMemoryRefreshTokenStore(clock))
                .users(users)
                .verificationUri(ISSUER + "/device")
                .maxActivePerClient(3)
                .clock(clock)
                .build();
        server = TestServer.start(
                MultipleFlowsBuilder.create()
                        .setIssuer(ISSUER)
                        .setClock(clock)
                        .add(ReadyClientCredentialsFlow.builder()
                                .clients(clients, hasher)
                                .build()
                                .install(OAuth2ClientCredentialsBuilder.create()
                                        .addClientAuthenticationMethod("client_secret_basic")
                                        .setTokenType(dpop)))
                        .add(device.install(OAuth2DeviceAuthorizationBuilder.create()
                                        .addClientAuthenticationMethod("none"))
                                .setTokenType(dpop))
                        .build(),
                TestRoute.protectedRoute(
                        ME, credentials -> credentials.orElseThrow().subject()));
        return server;
    }

    private Reply clientCredentials(String clientId, String secret, String proof) {
        return server.post(TestServer.TOKEN)
                .basic(clientId, secret)
                .header("DPoP", proof)
                .form("grant_type", "client_credentials")
                .send();
    }

    @Test
    void validProofFromAnUnknownClientOrWithAWrongSecretThenInvalidClientAndNoReplayEntry() {
        start();

        Reply unknown = clientCredentials("nobody", "guess", key.proof("POST", HTU));
        Reply wrongSecret = clientCredentials("svc", "guess", key.proof("POST", HTU));
        Reply unknownPublic = server.post(TestServer.TOKEN)
                .header("DPoP", key.proof("POST", HTU))
                .form("grant_type", DEVICE_GRANT, "device_code", "junk", "client_id", "nobody")
                .send();

        for (Reply reply : List.of(unknown, wrongSecret, unknownPublic)) {
            assertThat(reply.status()).as("%s", reply).isIn(400, 401);
            assertThat(reply.json()).containsEntry("error", "invalid_client");
        }
        assertThat(replays.added).isEmpty();
    }

    @Test
    void validProofFromARegisteredClientThenRecordedOnceAndItsReplayRefused() {
        start();
        String proof = key.proof("POST", HTU);

        Reply first = clientCredentials("svc", "svc-secret-0123456789", proof);
        assertThat(replays.added).hasSize(1);
        Reply replayed = clientCredentials("svc", "svc-secret-0123456789", proof);

        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(first.json()).containsEntry("token_type", "DPoP");
        assertThat(replayed.status()).as("%s", replayed).isEqualTo(400);
        assertThat(replayed.json())
                .containsEntry("error", "invalid_dpop_proof")
                .containsEntry("error_description", "The DPoP proof was already used");
    }

    @Test
    void validProofWithAJunkAccessTokenAtAProtectedRouteThenInvalidTokenAndNoReplayEntry() {
        start();
        String junk = "junk.token.value";

        Reply reply = server.get(ME)
                .header("Authorization", "DPoP " + junk)
                .header("DPoP", key.proof("GET", ISSUER + ME, junk, null))
                .send();

        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(replays.added).isEmpty();
    }

    @Test
    void validProofWithAValidTokenAtAProtectedRouteThenServedOnceAndTheReplayRefused() {
        start();
        Reply issued = clientCredentials("svc", "svc-secret-0123456789", key.proof("POST", HTU));
        String token = (String) issued.json().get("access_token");
        String proof = key.proof("GET", ISSUER + ME, token, null);

        Reply served = server.get(ME)
                .header("Authorization", "DPoP " + token)
                .header("DPoP", proof)
                .send();
        assertThat(replays.added).as("the token request's proof and this one").hasSize(2);
        Reply replayed = server.get(ME)
                .header("Authorization", "DPoP " + token)
                .header("DPoP", proof)
                .send();

        assertThat(served.status()).as("%s", served).isEqualTo(200);
        assertThat(replayed.status()).as("%s", replayed).isEqualTo(401);
        assertThat(replayed.header("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_dpop_proof\"");
    }

    private Reply deviceAuthorization() {
        return server.post(DEVICE).form("client_id", "tv", "scope", "read").send();
    }

    @Test
    void publicDeviceClientPastItsBoundOfActiveAuthorizationsThenSlowDownUntilTheyExpire() {
        start();
        for (int i = 0; i < 3; i++) {
            Reply reply = deviceAuthorization();
            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        }

        Reply fourth = deviceAuthorization();

        assertThat(fourth.status()).as("%s", fourth).isEqualTo(400);
        assertThat(fourth.json())
                .containsEntry("error", "slow_down")
                .containsEntry(
                        "error_description",
                        "The client has too many device authorizations in progress; try again later");
        assertThat(fourth.header("Cache-Control")).contains("no-store");
        clock.advance(Duration.ofMinutes(10));
        Reply afterExpiry = deviceAuthorization();
        assertThat(afterExpiry.status()).as("%s", afterExpiry).isEqualTo(200);
    }
}
