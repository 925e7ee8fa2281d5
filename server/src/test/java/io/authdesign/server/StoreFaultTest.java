package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import io.authdesign.store.OrderedTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reference-server node whose store goes away under load and comes back: no request hangs (each ends
 * within about 5 s), none is a 500 nor shows an exception or stack trace, failures are 503
 * {@code temporarily_unavailable} with {@code Retry-After}, the node serves again without a restart soon
 * after the store returns, and no refresh-token family is left half-rotated (the last token each client
 * received still works, and only it). Start-up with an unreachable database is a quick, clear error.
 *
 * <p>The outage is simulated with a TCP proxy between the node and the store ({@link TcpProxy}: every
 * connection closed, new ones refused) rather than by stopping the machine's PostgreSQL or Redis service:
 * those services are shared by the whole CI run (other test classes and modules may run against them at
 * the same time), and stopping them needs privileges and a service manager the tests should not depend
 * on. To the node, a cut proxy looks like a store that was stopped: open connections drop and new ones
 * fail at once.
 */
class StoreFaultTest {

    /** How long the store is away. */
    static final Duration OUTAGE = Duration.ofSeconds(3);

    /** The longest a request may take, outage or not. */
    static final Duration NO_HANG = Duration.ofSeconds(5);

    /** How soon after the store returns every client must be served again. */
    static final Duration RECOVERY = Duration.ofSeconds(10);

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            clients:
              - clientId: web
                clientSecret: web-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code, refresh_token]
                scopes: [openid, profile]
                redirectUris: [https://app.example.com/callback]
              - clientId: svc
                clientSecret: svc-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [read]
            users:
              - username: alice
                password: alice-password
            """;

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One request of the load: when it started (ms after the load began), how long it took, the answer. */
    record Outcome(
            String client, long startedAt, long tookMs, int status, String body, String retryAfter, boolean inDoubt) {}

    /** A client of the load: sends one request, or stops. */
    interface Client {
        /** Sends the next request; answers its outcome. */
        HttpResponse<String> send();

        /**
         * Takes the answer into account (a refresh client keeps the new refresh token); answers whether an
         * error is explained by a commit in doubt, after which the client stops.
         */
        default boolean received(HttpResponse<String> response) {
            return false;
        }

        /** Whether the client stopped. */
        default boolean stopped() {
            return false;
        }
    }

    /**
     * A client looping refresh requests on its own family, keeping every refresh token it received and
     * retrying with the same token after a 503, as a client does.
     *
     * <p>One outcome is beyond any server: the connection drops after the database committed a rotation
     * but before it confirmed the commit. The node answers 503, the client retries with the token it
     * holds, and that token is now used: the family is revoked as reused (RFC 9700 section 4.14.2). The
     * client then stops, and the test checks in the database that this is what happened: the token it held
     * has a successor it never received.
     */
    static final class RefreshClient implements Client {
        final TestServer node;
        final SharedStorage storage;
        final List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        private int lastStatus = 200;
        private volatile boolean lostToACommitInDoubt;

        RefreshClient(TestServer node, SharedStorage storage, String first) {
            this.node = node;
            this.storage = storage;
            tokens.add(first);
        }

        String current() {
            return tokens.get(tokens.size() - 1);
        }

        @Override
        public HttpResponse<String> send() {
            return send(current());
        }

        HttpResponse<String> send(String token) {
            return request(
                    node, Http.basic("web", "web-secret"), null, "grant_type=refresh_token&refresh_token=" + token);
        }

        @Override
        public boolean received(HttpResponse<String> response) {
            int previous = lastStatus;
            lastStatus = response.statusCode();
            if (response.statusCode() == 200) {
                tokens.add((String) Http.json(response).get("refresh_token"));
                return false;
            }
            if (previous == 503
                    && response.statusCode() == 400
                    && Http.json(response).get("error").equals("invalid_grant")
                    && hasUnseenSuccessor(current())) {
                lostToACommitInDoubt = true;
                return true;
            }
            return false;
        }

        @Override
        public boolean stopped() {
            return lostToACommitInDoubt;
        }

        /** Whether the database rotated the token to a successor this client never received. */
        private boolean hasUnseenSuccessor(String token) {
            try (Connection connection = storage.connect();
                    PreparedStatement select = connection.prepareStatement(
                            "SELECT successor_hash FROM refresh_tokens WHERE token_hash = ?")) {
                select.setString(1, OrderedTokens.key(token));
                try (ResultSet row = select.executeQuery()) {
                    return row.next() && row.getString(1) != null;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static HttpResponse<String> request(TestServer node, String authorization, String dpop, String form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.tokenUrl()))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (dpop != null) {
            request.header("DPoP", dpop);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("No answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Client clientCredentials(TestServer node) {
        return () -> request(node, Http.basic("svc", "svc-secret"), null, "grant_type=client_credentials&scope=read");
    }

    /** Client credentials with a fresh DPoP proof each time: every request checks the proof's jti. */
    static Client dpopClientCredentials(TestServer node) throws JOSEException {
        DefaultDPoPProofFactory proofs =
                new DefaultDPoPProofFactory(new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
        URI htu = URI.create(node.issuer() + "/oauth2/token");
        return () -> {
            try {
                return request(
                        node,
                        Http.basic("svc", "svc-secret"),
                        proofs.createDPoPJWT("POST", htu).serialize(),
                        "grant_type=client_credentials&scope=read");
            } catch (JOSEException e) {
                throw new AssertionError(e);
            }
        };
    }

    /**
     * Runs the clients in a loop each, cuts the proxy for {@link #OUTAGE} after a second, restores it, and
     * stops once every client was served after the restore (or {@link #RECOVERY} passed); answers every
     * outcome and checks the ones common to every store.
     */
    static List<Outcome> underLoad(TcpProxy proxy, Map<String, Client> clients) throws Exception {
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        long begin = System.nanoTime();
        Supplier<Long> now = () -> (System.nanoTime() - begin) / 1_000_000;
        long[] restoredAt = {Long.MAX_VALUE};
        boolean[] stop = {false};
        List<Future<?>> loops = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients.size())) {
            for (Map.Entry<String, Client> client : clients.entrySet()) {
                loops.add(pool.submit(() -> {
                    while (true) {
                        synchronized (stop) {
                            if (stop[0] || client.getValue().stopped()) {
                                return null;
                            }
                        }
                        long started = now.get();
                        HttpResponse<String> response = client.getValue().send();
                        long took = now.get() - started;
                        boolean inDoubt = client.getValue().received(response);
                        outcomes.add(new Outcome(
                                client.getKey(),
                                started,
                                took,
                                response.statusCode(),
                                response.body(),
                                response.headers().firstValue("Retry-After").orElse(null),
                                inDoubt));
                        if (response.statusCode() != 200) {
                            Thread.sleep(100); // a client backs off a little; Retry-After is 5 s
                        }
                    }
                }));
            }
            Thread.sleep(1000);
            proxy.cut();
            long cutAt = now.get();
            Thread.sleep(OUTAGE.toMillis());
            proxy.restore();
            restoredAt[0] = now.get();
            while (now.get() < restoredAt[0] + RECOVERY.toMillis()
                    && !clients.keySet().stream()
                            .filter(name -> !clients.get(name).stopped())
                            .allMatch(name -> outcomes.stream()
                                    .anyMatch(o -> o.client().equals(name)
                                            && o.status() == 200
                                            && o.startedAt() > restoredAt[0]))) {
                Thread.sleep(50);
            }
            synchronized (stop) {
                stop[0] = true;
            }
            for (Future<?> loop : loops) {
                loop.get(30, TimeUnit.SECONDS);
            }
            long cut = cutAt;
            assertThat(outcomes)
                    .as("requests failed while the store was away")
                    .anyMatch(o -> o.startedAt() >= cut && o.startedAt() < restoredAt[0] && o.status() == 503);
        }
        String summary = summary(outcomes);
        for (Outcome outcome : outcomes) {
            assertThat(outcome.tookMs())
                    .as("no request hangs: %s%n%s", outcome, summary)
                    .isLessThan(NO_HANG.toMillis());
            assertThat(outcome.status()).as("%s", outcome).isNotEqualTo(500);
            assertThat(outcome.body())
                    .as("no exception shown")
                    .doesNotContainIgnoringCase("exception")
                    .doesNotContain("\tat ")
                    .doesNotContain("org.postgresql")
                    .doesNotContain("io.lettuce")
                    .doesNotContain("java.");
            if (outcome.status() != 200 && !outcome.inDoubt()) {
                assertThat(outcome.status()).as("%s%n%s", outcome, summary).isEqualTo(503);
                assertThat(Http.json(outcome.body())).containsEntry("error", "temporarily_unavailable");
                assertThat(outcome.retryAfter()).as("%s", outcome).isNotNull();
            }
        }
        for (String name : clients.keySet()) {
            if (clients.get(name).stopped()) {
                continue;
            }
            assertThat(outcomes)
                    .as("%s served again within %s of the store's return%n%s", name, RECOVERY, summary)
                    .anyMatch(o -> o.client().equals(name) && o.status() == 200 && o.startedAt() > restoredAt[0]);
        }
        long recovered = clients.keySet().stream()
                .filter(name -> !clients.get(name).stopped())
                .mapToLong(name -> outcomes.stream()
                        .filter(o -> o.client().equals(name) && o.status() == 200 && o.startedAt() > restoredAt[0])
                        .mapToLong(o -> o.startedAt() + o.tookMs() - restoredAt[0])
                        .min()
                        .orElseThrow())
                .max()
                .orElseThrow();
        System.out.printf(
                "%d requests, %d answered 503, %d clients lost their family to a commit in doubt; longest %d ms;"
                        + " every other client served again %d ms after the restore%n",
                outcomes.size(),
                outcomes.stream().filter(o -> o.status() == 503).count(),
                clients.values().stream().filter(Client::stopped).count(),
                outcomes.stream().mapToLong(Outcome::tookMs).max().orElseThrow(),
                recovered);
        return outcomes;
    }

    /** Per client, the statuses in order with their durations, for failure messages. */
    static String summary(List<Outcome> outcomes) {
        StringBuilder text = new StringBuilder();
        outcomes.stream()
                .filter(o -> o.status() != 200 || o.tookMs() > 1000)
                .forEach(o -> text.append(String.format(
                        "%s at %d ms: %d in %d ms%n", o.client(), o.startedAt(), o.status(), o.tookMs())));
        return text.toString();
    }

    /**
     * After recovery: no family has two live tokens in the database; and the last refresh token of each
     * family whose client did not lose it to a commit in doubt works, and the one before it no longer does.
     */
    static void assertNoFamilyHalfRotated(List<RefreshClient> families) throws SQLException {
        assertThat(families).as("a commit in doubt is rare").anyMatch(family -> !family.stopped());
        for (RefreshClient family : families) {
            try (Connection connection = family.storage.connect();
                    PreparedStatement select = connection.prepareStatement(
                            "SELECT count(*) FROM refresh_tokens WHERE used_at IS NULL AND family_id ="
                                    + " (SELECT family_id FROM refresh_tokens WHERE token_hash = ?)")) {
                select.setString(1, OrderedTokens.key(family.tokens.get(0)));
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getInt(1)).as("live tokens of the family").isLessThanOrEqualTo(1);
                }
            }
            if (family.stopped()) {
                continue;
            }
            assertThat(family.tokens).as("the family rotated under load").hasSizeGreaterThan(1);
            HttpResponse<String> last = family.send(family.current());
            assertThat(last.statusCode())
                    .as("the last token works: %s", last.body())
                    .isEqualTo(200);
            HttpResponse<String> previous = family.send(family.tokens.get(family.tokens.size() - 2));
            assertThat(previous.statusCode()).as(previous.body()).isEqualTo(400);
            assertThat(Http.json(previous)).containsEntry("error", "invalid_grant");
        }
    }

    static String newFamily(TestServer node) {
        HttpResponse<String> tokens = ScaleOutTest.redeem(node, ScaleOutTest.authorize(node));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return (String) Http.json(tokens).get("refresh_token");
    }

    @Test
    void postgresqlAwayUnderLoadThen503sNoHangNoHalfRotatedFamilyAndRecovery() throws Exception {
        try (SharedStorage storage = SharedStorage.create();
                TcpProxy proxy = new TcpProxy(5432);
                TestServer node = TestServer.start(CONFIG + storage.yaml(proxy.port(), null))) {
            // Twelve families: each can lose its family to a commit in doubt, and the checks after recovery
            // need one that did not (with three, a loaded machine sometimes cut all three mid-commit; with six,
            // all six once in a CI run of 2026-12-06, where 0-3 of six were lost in four other runs).
            List<RefreshClient> families = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                families.add(new RefreshClient(node, storage, newFamily(node)));
            }
            Map<String, Client> clients = new java.util.LinkedHashMap<>();
            clients.put("client_credentials 1", clientCredentials(node));
            clients.put("client_credentials 2", clientCredentials(node));
            for (int i = 0; i < families.size(); i++) {
                clients.put("refresh " + (i + 1), families.get(i));
            }
            underLoad(proxy, clients);
            assertNoFamilyHalfRotated(families);
        }
    }

    @Test
    void redisAwayUnderLoadThen503sNoHangAndRecovery() throws Exception {
        try (SharedStorage storage = SharedStorage.create();
                TcpProxy proxy = new TcpProxy(6379);
                TestServer node = TestServer.start(CONFIG + storage.yaml(5432, "redis://127.0.0.1:" + proxy.port()))) {
            List<RefreshClient> families = List.of(new RefreshClient(node, storage, newFamily(node)));
            Map<String, Client> clients = new java.util.LinkedHashMap<>();
            clients.put("dpop 1", dpopClientCredentials(node));
            clients.put("dpop 2", dpopClientCredentials(node));
            clients.put("refresh 1", families.get(0));
            underLoad(proxy, clients);
            assertNoFamilyHalfRotated(families);
            // the code store on Redis serves again too
            assertThat(newFamily(node)).isNotBlank();
        }
    }

    @Test
    void unreachableDatabaseAtStartThenQuickClearErrorWithoutStackTrace(@TempDir Path dir) throws IOException {
        int closedPort = Http.freePort();
        String stderr = assertDoesNotStart(
                dir,
                "storage: {type: postgresql, url: \"jdbc:postgresql://127.0.0.1:" + closedPort
                        + "/test?password=secret\", username: postgres}\n"
                        + "keyEncryptionKey: " + Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        assertThat(stderr)
                .startsWith(
                        "The server did not start: cannot open the postgresql storage at jdbc:postgresql://127.0.0.1:"
                                + closedPort + "/test: ")
                .doesNotContain("secret");
    }

    @Test
    void unreachableRedisAtStartThenQuickClearErrorWithoutStackTrace(@TempDir Path dir) throws IOException {
        int closedPort = Http.freePort();
        String stderr =
                assertDoesNotStart(dir, "storage: {type: memory}\nredis: redis://127.0.0.1:" + closedPort + "\n");
        assertThat(stderr)
                .startsWith("The server did not start: cannot open the redis storage: Cannot reach Redis at 127.0.0.1:"
                        + closedPort);
    }

    /** Runs Main on the storage configuration; answers what it printed on its error stream. */
    static String assertDoesNotStart(Path dir, String storage) throws IOException {
        Path config = dir.resolve("server.yaml");
        Files.writeString(config, "issuer: http://127.0.0.1:9000\nport: " + Http.freePort() + "\n" + storage);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<ReferenceServer> started = new ArrayList<>();
        long begin = System.nanoTime();
        int status = Main.run(
                new String[] {"--config", config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Http.freePort(),
                started::add);
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        started.forEach(ReferenceServer::close);
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(stderr).isEqualTo(1);
        assertThat(started).isEmpty();
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(stdout).isEmpty();
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception:").hasLineCount(1);
        return stderr;
    }
}
