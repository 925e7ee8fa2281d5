package io.authdesign.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.http.HttpRequest;
import io.authdesign.jdbc.JdbcDataSources;
import io.authdesign.jdbc.JdbcStoreOptions;
import io.authdesign.jdbc.JdbcStores;
import io.authdesign.jdbc.KeyEncryptionKey;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.redis.RedisStoreOptions;
import io.authdesign.redis.RedisStores;
import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.InMemoryGrantRevocationStore;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A protected route's verification of a live ES256 access token, without the revocation list
 * ({@code none}) and with it in memory, in Redis and in PostgreSQL (the machine's servers at their default
 * ports; a fresh schema, a fresh key prefix), each holding {@value #REVOKED} other revoked grants: the
 * hot-path cost of making JWT access tokens revocable (RFC 7009 section 2.1).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RevocationCheckBenchmark {

    /** How many other grants the list holds. */
    static final int REVOKED = 1000;

    static final String POSTGRESQL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String REDIS = "redis://127.0.0.1:6379";

    @Param({"none", "memory", "redis", "postgresql"})
    public String store;

    @Param({"native"})
    public String crypto;

    private OAuth2ClientCredentials design;
    private HttpRequest protectedRequest;
    private AutoCloseable resource = () -> {};
    private GrantRevocationStore revocations;

    @Setup
    public void setUp() throws Exception {
        Fixtures.crypto(crypto);
        revocations = revocations();
        if (revocations != null) {
            Instant until = Instant.now().plus(Duration.ofMinutes(15));
            for (int i = 0; i < REVOKED; i++) {
                revocations.revoke("revoked-grant-" + i, until);
            }
        }
        design = Fixtures.clientCredentials(SigningAlgorithm.ES256, revocations);
        String accessToken = SmokeChecks.accessToken(
                Fixtures.endpoint(design, "POST", Fixtures.TOKEN_PATH).handle(Fixtures.basicTokenRequest()));
        protectedRequest = Fixtures.bearer(accessToken);
        SmokeChecks.authenticated(design.authenticator().authenticate(protectedRequest, Set.of()));
    }

    private GrantRevocationStore revocations() throws SQLException {
        String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        return switch (store) {
            case "none" -> null;
            case "memory" -> new InMemoryGrantRevocationStore();
            case "redis" -> {
                RedisStores redis = RedisStores.connect(
                        REDIS,
                        Clock.systemUTC(),
                        RedisStoreOptions.defaults().withKeyPrefix("authdesign-bench:" + suffix + ":"));
                resource = redis; // the entries expire by themselves within 15 minutes
                yield redis.grantRevocations();
            }
            case "postgresql" -> {
                String schema = "bench_" + suffix;
                sql("CREATE SCHEMA " + schema);
                HikariDataSource dataSource =
                        JdbcDataSources.postgresql(POSTGRESQL + "?currentSchema=" + schema, "postgres", null, 4);
                resource = () -> {
                    dataSource.close();
                    sql("DROP SCHEMA " + schema + " CASCADE");
                };
                yield JdbcStores.create(
                                dataSource,
                                Clock.systemUTC(),
                                new JdbcStoreOptions(KeyEncryptionKey.generate(new SecureRandom()), new SecureRandom()))
                        .grantRevocations();
            }
            default -> throw new IllegalArgumentException("Unknown store " + store);
        };
    }

    private static void sql(String statement) throws SQLException {
        try (HikariDataSource admin = JdbcDataSources.postgresql(POSTGRESQL, "postgres", null, 1);
                Connection connection = admin.getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        resource.close();
    }

    /** The list's lookup alone, for a grant it does not hold (a live token): the added cost per request. */
    @Benchmark
    public boolean lookup() {
        return revocations != null && revocations.isRevoked("live-grant", Instant.now());
    }

    /** A protected route's check of a JWT access token: parse, signature, claims, and the list when there is one. */
    @Benchmark
    public void verifyAccessToken(Blackhole blackhole) {
        blackhole.consume(design.authenticator().authenticate(protectedRequest, Set.of()));
    }
}
