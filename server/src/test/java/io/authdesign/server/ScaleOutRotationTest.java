package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Key rotation on two nodes sharing one PostgreSQL schema, both running their rotation schedulers with a
 * 2-second interval: exactly one new key per algorithm appears per interval (the database's rotation
 * timestamp lets one node rotate), both nodes publish the same JWKS throughout, and a token signed by one
 * node after several rotations is accepted by the other.
 */
class ScaleOutRotationTest {

    static final Duration INTERVAL = Duration.ofSeconds(2);

    /** How long before the last JWKS sample a stored key must have been created to be required in it. */
    static final Duration SAMPLE_MARGIN = Duration.ofMillis(1500);

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            tokenTtl: 60
            signing: {rotationInterval: 2, publicKeyExpiry: 600}
            clients:
              - clientId: svc
                clientSecret: svc-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [read]
            """;

    /** A signing key as the nodes stored it. */
    record KeyRow(String kid, String algorithm, Instant createdAt) {}

    @Test
    void twoNodesRotateOncePerIntervalAndPublishTheSameKeys() throws Exception {
        Set<String> published = new LinkedHashSet<>();
        Instant started;
        Instant stopped;
        Instant lastSample;
        try (SharedStorage storage = SharedStorage.create()) {
            List<KeyRow> keys;
            String config = CONFIG + storage.yaml(false);
            try (TestServer a = TestServer.start(config);
                    TestServer b = TestServer.start(
                            config.replace("issuer: http://127.0.0.1:PORT", "issuer: " + a.issuer()))) {
                started = Instant.now();
                int comparisons = 0;
                // 3.5 intervals: at least two rotations by the two schedulers (each checks every second)
                while (Duration.between(started, Instant.now())
                                .compareTo(INTERVAL.multipliedBy(7).dividedBy(2))
                        < 0) {
                    Set<String> before = ScaleOutTest.kids(a);
                    Set<String> ofB = ScaleOutTest.kids(b);
                    Set<String> after = ScaleOutTest.kids(a);
                    published.addAll(before);
                    published.addAll(ofB);
                    published.addAll(after);
                    if (before.equals(after)) {
                        // no rotation while B was asked: B publishes exactly what A does
                        assertThat(ofB).isEqualTo(before);
                        comparisons++;
                    }
                    Thread.sleep(100);
                }
                assertThat(comparisons).isGreaterThan(5);

                // a token signed by A with its current key is valid on B
                HttpResponse<String> issued = ScaleOutTest.clientCredentials(a, null);
                assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
                HttpResponse<String> me = Http.bearer(b.baseUrl() + ReferenceServer.ME, (String)
                        Http.json(issued).get("access_token"));
                assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
                lastSample = Instant.now();
                published.addAll(ScaleOutTest.kids(a));
                stopped = Instant.now();
            }
            keys = keyRows(storage);

            Map<String, List<Instant>> byAlgorithm = new LinkedHashMap<>();
            keys.forEach(key -> byAlgorithm
                    .computeIfAbsent(key.algorithm(), algorithm -> new ArrayList<>())
                    .add(key.createdAt()));
            assertThat(byAlgorithm).containsKeys("ES256");
            long atMost = 2 + Duration.between(started, stopped).dividedBy(INTERVAL);
            for (Map.Entry<String, List<Instant>> algorithm : byAlgorithm.entrySet()) {
                List<Instant> created = algorithm.getValue();
                // the first key, then at least two rotations while the test watched, and no more than one
                // per interval since the first node started
                assertThat(created).as(algorithm.getKey()).hasSizeBetween(3, (int) atMost);
                for (int i = 1; i < created.size(); i++) {
                    assertThat(Duration.between(created.get(i - 1), created.get(i)))
                            .as("%s keys %s", algorithm.getKey(), created)
                            .isGreaterThanOrEqualTo(INTERVAL);
                }
            }
            // every algorithm rotated at the same times: a rotation stores one key per algorithm, all with the
            // rotation's instant; only the last one may be incomplete, cut by the nodes closing mid-way
            java.util.TreeMap<Instant, Set<String>> rotations = new java.util.TreeMap<>();
            keys.forEach(key -> rotations
                    .computeIfAbsent(key.createdAt(), at -> new java.util.TreeSet<>())
                    .add(key.algorithm()));
            rotations
                    .headMap(rotations.lastKey())
                    .forEach((at, algorithms) -> assertThat(algorithms)
                            .as("algorithms rotated at %s", at)
                            .isEqualTo(byAlgorithm.keySet()));
            // nothing but stored keys was published, and every key stored before the last sample was
            // (a rotation the schedulers began just before that sample or while the nodes closed may not
            // have been visible yet: key generation takes up to a second on JCA under load)
            assertThat(keys.stream().map(KeyRow::kid).toList()).containsAll(published);
            Instant visibleBy = lastSample.minus(SAMPLE_MARGIN);
            assertThat(published)
                    .containsAll(keys.stream()
                            .filter(key -> key.createdAt().isBefore(visibleBy))
                            .map(KeyRow::kid)
                            .toList());
        }
    }

    static List<KeyRow> keyRows(SharedStorage storage) throws SQLException {
        List<KeyRow> rows = new ArrayList<>();
        try (Connection connection = storage.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT kid, algorithm, created_at FROM signing_keys ORDER BY created_at")) {
            while (result.next()) {
                rows.add(new KeyRow(
                        result.getString(1),
                        result.getString(2),
                        result.getObject(3, java.time.OffsetDateTime.class).toInstant()));
            }
        }
        return rows;
    }
}
