package io.authdesign.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.zaxxer.hikari.HikariDataSource;
import io.authdesign.jdbc.JdbcDataSources;
import io.authdesign.jdbc.JdbcStoreOptions;
import io.authdesign.jdbc.JdbcStores;
import io.authdesign.jdbc.KeyEncryptionKey;
import io.authdesign.store.OrderedTokens;
import io.authdesign.store.RefreshTokenRecord;
import io.authdesign.store.RefreshTokenStore;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The refresh floor rotates for real in the reference server's schema on the machine's PostgreSQL: a token the
 * server's store saved is used once and replaced by a successor the store finds, with a fresh ES256 access token,
 * and a token it cannot rotate (used, unknown) gets {@code invalid_grant} and changes nothing.
 */
class RefreshFloorTest {

    private static final String POSTGRESQL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final Pattern FIELD = Pattern.compile("\"(access_token|refresh_token)\":\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient client = HttpClient.newHttpClient();
    private final String schema = "t_" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
    private HikariDataSource pool;
    private RefreshTokenStore store;
    private KeyPair key;
    private Javalin app;
    private String base;

    @BeforeEach
    void start() throws Exception {
        admin("CREATE SCHEMA " + schema);
        pool = JdbcDataSources.postgresql(POSTGRESQL + "?currentSchema=" + schema, "postgres", null, 4);
        store = JdbcStores.create(
                        pool, Clock.systemUTC(), new JdbcStoreOptions(KeyEncryptionKey.generate(RANDOM), RANDOM))
                .refreshTokens();
        key = FloorSigner.newKey(null);
        app = RefreshFloor.start(0, pool, key, null);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() throws SQLException {
        app.stop();
        pool.close();
        admin("DROP SCHEMA " + schema + " CASCADE");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(POSTGRESQL, "postgres", null);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String saved() {
        Instant now = Instant.now();
        String token = OrderedTokens.generate(now, RANDOM);
        store.save(RefreshTokenRecord.builder()
                .token(token)
                .familyId("family-" + token.substring(20))
                .grantId("grant-1")
                .clientId("bench-device")
                .subject("bench-user")
                .scopes(Set.of("read"))
                .authTime(now)
                .lifetime(now, now.plus(Duration.ofDays(1)))
                .build());
        return token;
    }

    private HttpResponse<String> refresh(String token) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=refresh_token&refresh_token=" + token + "&client_id=bench-device"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(HttpResponse<String> response, String name) {
        Matcher matcher = FIELD.matcher(response.body());
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2);
            }
        }
        throw new AssertionError(name + " not in " + response.body());
    }

    @Test
    void savedTokenThenRotatedOnceToASuccessorTheStoreFinds() throws Exception {
        String token = saved();

        HttpResponse<String> first = refresh(token);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
        String next = field(first, "refresh_token");
        assertThat(next).isNotEqualTo(token);
        assertThat(store.find(token)).isEmpty(); // used
        RefreshTokenRecord successor = store.find(next).orElseThrow();
        assertThat(successor.subject()).isEqualTo("bench-user");
        assertThat(successor.familyId()).isEqualTo("family-" + token.substring(20));
        SignedJWT jwt = SignedJWT.parse(field(first, "access_token"));
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) key.getPublic()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("bench-user");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("bench-device");

        HttpResponse<String> second = refresh(next);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(field(second, "refresh_token")).isNotEqualTo(next);
    }

    @Test
    void usedOrUnknownTokenThenInvalidGrantAndNothingChanged() throws Exception {
        String token = saved();
        String next = field(refresh(token), "refresh_token");

        HttpResponse<String> reused = refresh(token);
        HttpResponse<String> unknown = refresh(OrderedTokens.generate(Instant.now(), RANDOM));

        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(reused.body()).isEqualTo("{\"error\":\"invalid_grant\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"invalid_grant\"}");
        assertThat(store.find(next)).isPresent(); // the family's live token is still the successor
    }

    @Test
    void withoutRefreshTokenThenInvalidRequest() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=bench-device"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid_request\"}");
    }
}
