package io.authdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.flow.AuthDesign;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.jwt.KeyRing;
import io.authdesign.keys.InMemoryKeyStore;
import io.authdesign.keys.JwksKeyStore;
import io.authdesign.keys.StoredKey;
import io.authdesign.store.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An unknown {@code kid} at a protected route (issue 11 item 9): anyone can name any {@code kid}, so the
 * re-read of the key store it triggers is bounded. The store reads are counted by a wrapper, never timed:
 * 200 tokens naming one unknown {@code kid}, or 200 different ones, cost two reads (the snapshot and one
 * re-read), while a key another node has just created is still found at once.
 */
public abstract class UnknownKidStoreReadsSuite {

    private static final String ME = "/api/me";

    /** A key store that counts its reads. */
    private static final class CountingKeyStore implements JwksKeyStore {
        private final JwksKeyStore store;
        final AtomicInteger reads = new AtomicInteger();

        CountingKeyStore(JwksKeyStore store) {
            this.store = store;
        }

        @Override
        public void storeKeyPair(StoredKey key) {
            store.storeKeyPair(key);
        }

        @Override
        public List<StoredKey> getKeys(Instant now) {
            reads.incrementAndGet();
            return store.getKeys(now);
        }
    }

    private final MutableClock clock = MutableClock.at(Instant.now());
    private final InMemoryKeyStore shared = new InMemoryKeyStore();
    private final List<TestServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(TestServer::close);
    }

    /** A node: a client credentials flow with JWT access tokens and a protected route, on {@code keys}. */
    private TestServer node(JwksKeyStore keys) {
        AuthDesign design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(Designs.ISSUER)
                .addClientAuthenticationMethod("client_secret_basic")
                .setJwksKeyStore(keys)
                .setClock(clock)
                .useAccessTokenJwks(true)
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse(
                                ctx.createJwtAccessToken(Map.of()).token())
                        .setExpiresIn(60)))
                .build();
        TestServer server = TestServer.start(
                design,
                TestRoute.protectedRoute(
                        ME, credentials -> credentials.orElseThrow().subject()));
        servers.add(server);
        return server;
    }

    /** An access token naming {@code kid}, signed by no key of the store. */
    private static String forged(String kid) {
        String header = Base64URL.encode("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}")
                .toString();
        String claims = Base64URL.encode("{\"sub\":\"svc\",\"iss\":\"" + Designs.ISSUER + "\"}")
                .toString();
        return header + "." + claims + "." + Base64URL.encode(new byte[64]);
    }

    private static Reply get(TestServer server, String token) {
        return server.get(ME).header("Authorization", "Bearer " + token).send();
    }

    private static void assertInvalidToken(Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void sameUnknownKid200TimesThenTheStoreIsReadTwice() {
        CountingKeyStore keys = new CountingKeyStore(shared);
        TestServer server = node(keys);

        for (int i = 0; i < 200; i++) {
            assertInvalidToken(get(server, forged("no-such-kid")));
        }

        assertThat(keys.reads).hasValue(2); // the snapshot, and one re-read for the kid
        clock.advance(Duration.ofSeconds(30));
        assertInvalidToken(get(server, forged("no-such-kid")));
        assertThat(keys.reads)
                .as("the snapshot expired, the kid is still known to be missing")
                .hasValue(3);
    }

    @Test
    void twoHundredDifferentUnknownKidsThenAtMostTheReReadBudgetPerSecond() {
        CountingKeyStore keys = new CountingKeyStore(shared);
        TestServer server = node(keys);

        for (int i = 0; i < 200; i++) {
            assertInvalidToken(get(server, forged("kid-" + i)));
        }

        assertThat(keys.reads).hasValue(1 + KeyRing.UNKNOWN_KID_REREADS);
        clock.advance(KeyRing.SNAPSHOT_TTL);
        assertInvalidToken(get(server, forged("kid-a-second-later")));
        assertThat(keys.reads)
                .as("a new snapshot, and a re-read of the new second")
                .hasValue(3 + KeyRing.UNKNOWN_KID_REREADS);
    }

    @Test
    void keyJustCreatedByAnotherNodeThenFoundAtOnceAfterARepeatedUnknownKid() {
        CountingKeyStore keys = new CountingKeyStore(shared);
        TestServer verifier = node(keys);
        TestServer signer = node(shared);
        for (int i = 0; i < 200; i++) {
            assertInvalidToken(get(verifier, forged("no-such-kid")));
        }

        Reply issued = signer.post(TestServer.TOKEN)
                .basic("svc", "secret")
                .form("grant_type", "client_credentials")
                .send();
        assertThat(issued.status()).as("%s", issued).isEqualTo(200);
        Reply served = get(verifier, (String) issued.json().get("access_token"));

        assertThat(served.status()).as("%s", served).isEqualTo(200);
        assertThat(served.body()).isEqualTo("svc");
        assertThat(keys.reads)
                .as("snapshot, one re-read for the forged kid, one that found the new key")
                .hasValue(3);
    }
}
