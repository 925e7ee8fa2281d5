package io.authdesign.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.authdesign.StoreUnavailableException;
import io.authdesign.keys.StoredKey;
import io.authdesign.store.AuthorizationCodeGrant;
import io.authdesign.store.MutableClock;
import io.authdesign.store.RefreshTokenRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the JDBC stores do beyond the SPI contracts: start-up checks, keys at rest, purging, failures. */
class JdbcStoresTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = MutableClock.at(START);
    private String schema;
    private HikariDataSource dataSource;

    @BeforeEach
    void createSchema() {
        schema = TestDatabase.newSchema();
        TestDatabase.adminSql("CREATE SCHEMA " + schema);
        dataSource = TestDatabase.postgresqlPool(schema);
    }

    @AfterEach
    void dropSchema() {
        dataSource.close();
        TestDatabase.adminSql("DROP SCHEMA " + schema + " CASCADE");
    }

    private JdbcStores stores(KeyEncryptionKey kek) {
        return JdbcStores.create(dataSource, clock, JdbcStoreOptions.of(kek));
    }

    private static StoredKey key(String kid) {
        return new StoredKey(
                kid,
                "ES256",
                "{\"kty\":\"EC\",\"d\":\"very-private-" + kid + "\"}",
                "{\"kty\":\"EC\"}",
                START,
                START,
                START.plus(Duration.ofDays(1)));
    }

    private String queryString(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void latestMigrationThenTheNewestVersionInTheMigrationsFolder() throws Exception {
        Path folder = Path.of(getClass().getResource("/db/authdesign").toURI());
        int newest;
        try (var files = Files.list(folder)) {
            newest = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max()
                    .orElseThrow();
        }
        assertThat(JdbcStores.LATEST_MIGRATION).isEqualTo(newest);
    }

    @Test
    void upToDateOnlyWhenTheHistoryEndsAtTheLatestMigrationWithoutFailure() throws SQLException {
        assertThat(JdbcStores.upToDate(dataSource)).isFalse(); // no history table yet
        stores(TestDatabase.KEK);
        assertThat(JdbcStores.upToDate(dataSource)).isTrue();

        sql("INSERT INTO " + JdbcStores.HISTORY_TABLE + " (installed_rank, version, description, type, script,"
                + " checksum, installed_by, execution_time, success) VALUES (1000, '999', 'broken', 'SQL',"
                + " 'V999__broken.sql', 0, 'test', 0, FALSE)");
        assertThat(JdbcStores.upToDate(dataSource)).isFalse(); // a failed migration: Flyway decides
    }

    @Test
    void schemaOneMigrationBehindThenTheStartMigratesIt() throws SQLException {
        stores(TestDatabase.KEK);
        // as a database of the previous release: without the newest migration's columns and history row
        sql("ALTER TABLE clients DROP COLUMN client_uri, DROP COLUMN logo_uri, DROP COLUMN policy_uri,"
                + " DROP COLUMN tos_uri");
        sql("DELETE FROM " + JdbcStores.HISTORY_TABLE + " WHERE version = '" + JdbcStores.LATEST_MIGRATION + "'");
        assertThat(JdbcStores.upToDate(dataSource)).isFalse();

        stores(TestDatabase.KEK)
                .clients()
                .save(io.authdesign.store.RegisteredClient.builder("spa")
                        .redirectUris("https://spa.example/cb")
                        .build());

        assertThat(JdbcStores.upToDate(dataSource)).isTrue();
        assertThat(queryString("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = '" + schema
                        + "' AND table_name = 'clients' AND column_name = 'logo_uri'"))
                .isEqualTo("1");
    }

    private void sql(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void createWhenStartedTwiceThenMigrationsRunOnceAndDataKept() {
        stores(TestDatabase.KEK)
                .clients()
                .save(io.authdesign.store.RegisteredClient.builder("spa")
                        .redirectUris("https://spa.example/cb")
                        .build());

        assertThat(stores(TestDatabase.KEK).clients().find("spa")).isPresent();
    }

    @Test
    void storeKeyPairWhenStoredThenPrivateJwkNotInTheDatabaseInClear() throws SQLException {
        stores(TestDatabase.KEK).keys().storeKeyPair(key("k1"));

        String sealed = queryString("SELECT encode(private_jwk_sealed, 'escape') FROM signing_keys");
        assertThat(sealed).doesNotContain("very-private");
        assertThat(stores(TestDatabase.KEK).keys().getKeys(START).get(0).privateJwk())
                .contains("very-private-k1");
    }

    @Test
    void createWhenOtherKeyEncryptionKeyThenClearStartupError() {
        stores(TestDatabase.KEK).keys().storeKeyPair(key("k1"));

        assertThatThrownBy(() -> stores(KeyEncryptionKey.generate(TestDatabase.RANDOM)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key-encryption key");
    }

    @Test
    void getKeysWhenSealedKeyMovedToAnotherKidThenRefused() throws SQLException {
        JdbcStores stores = stores(TestDatabase.KEK);
        stores.keys().storeKeyPair(key("k1"));
        stores.keys().storeKeyPair(key("k2"));
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE signing_keys SET private_jwk_nonce = (SELECT private_jwk_nonce FROM signing_keys"
                    + " WHERE kid = 'k1'), private_jwk_sealed = (SELECT private_jwk_sealed FROM signing_keys"
                    + " WHERE kid = 'k1') WHERE kid = 'k2'");
        }

        assertThatThrownBy(() -> stores.keys().getKeys(START)).hasMessageContaining("k2");
    }

    @Test
    void purgeExpiredWhenRowsExpiredThenDeletedInBatchesAndLiveRowsKept() throws SQLException {
        JdbcStores stores = stores(TestDatabase.KEK);
        for (int i = 0; i < 25; i++) {
            stores.authorizationCodes().save(code("old-" + i, Duration.ofSeconds(60)));
            stores.replays().add("jti-" + i, Duration.ofSeconds(60));
        }
        stores.authorizationCodes().save(code("live", Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(2));

        assertThat(stores.purgeExpired(10)).isEqualTo(50);
        assertThat(queryString("SELECT COUNT(*) FROM authorization_codes")).isEqualTo("1");
        assertThat(stores.purgeExpired(10)).isZero();
        assertThatThrownBy(() -> stores.purgeExpired(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private AuthorizationCodeGrant code(String code, Duration lifetime) {
        return AuthorizationCodeGrant.builder()
                .code(code)
                .clientId("web")
                .subject("alice")
                .scopes(Set.of("openid"))
                .authTime(START)
                .grantId("g-" + code)
                .lifetime(START, START.plus(lifetime))
                .build();
    }

    @Test
    void operationsWhenDatabaseGoneThenStoreUnavailable() {
        JdbcStores stores = stores(TestDatabase.KEK);
        dataSource.close();

        assertThatThrownBy(() -> stores.authorizationCodes().consume("code"))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> stores.refreshTokens().revokeFamily("f"))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void createWhenDatabaseUnreachableThenClearStartupError() {
        assertThatThrownBy(() -> JdbcDataSources.postgresql("jdbc:postgresql://127.0.0.1:1/test", "postgres", null, 2))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void createWhenH2NotInPostgresqlModeThenRejected() throws IOException {
        Path folder = Files.createTempDirectory("authdesign-h2");
        try (HikariDataSource plain = new HikariDataSource()) {
            plain.setJdbcUrl("jdbc:h2:file:" + folder.resolve("plain").toAbsolutePath());
            assertThatThrownBy(() -> JdbcStores.create(plain, clock, JdbcStoreOptions.of(TestDatabase.KEK)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PostgreSQL mode");
        } finally {
            TestDatabase.deleteTree(folder);
        }
    }

    @Test
    void h2FileWhenIdleThenOneConnectionOpenAndMoreOnlyWhileRequestsHoldThem() throws Exception {
        onH2File(4, pool -> {
            Thread.sleep(300); // time for a pool kept full to open its other connections in the background
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(JdbcDataSources.H2_MINIMUM_IDLE);
            try (Connection first = pool.getConnection();
                    Connection second = pool.getConnection();
                    Connection third = pool.getConnection()) {
                assertThat(first.isValid(1) && second.isValid(1) && third.isValid(1))
                        .isTrue();
                assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isEqualTo(3);
            }
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isBetween(3, 4);
        });
    }

    @Test
    void h2FileWhenOpenedThenSmallPagesCacheAndCompactionRateAreInForce() throws Exception {
        onH2File(1, pool -> {
            Map<String, String> settings = new HashMap<>();
            try (Connection connection = pool.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT setting_name, setting_value FROM"
                            + " information_schema.settings WHERE setting_name IN ('info.PAGE_SIZE', 'info.CACHE_MAX_SIZE',"
                            + " 'AUTO_COMPACT_FILL_RATE')")) {
                while (rows.next()) {
                    settings.put(rows.getString(1), rows.getString(2));
                }
            }
            // H2 reports the cache in MB
            assertThat(settings)
                    .containsEntry("info.PAGE_SIZE", String.valueOf(JdbcDataSources.H2_PAGE_SIZE))
                    .containsEntry("info.CACHE_MAX_SIZE", String.valueOf(JdbcDataSources.H2_CACHE_SIZE_KB / 1024))
                    .containsEntry("AUTO_COMPACT_FILL_RATE", String.valueOf(JdbcDataSources.H2_AUTO_COMPACT_FILL_RATE));
        });
    }

    @Test
    void h2FileWhenDatabaseClosedUnderBusyConnectionsThenTheNextOperationsReopenIt() throws Exception {
        // H2 closes its database when its store fails (an OutOfMemoryError in its background writer, a full
        // disk): every connection the pool holds then answers "database is closed" (90098, 90121). The pool does
        // not validate a connection used within the last half second, so under load such connections would go
        // back into it and be handed out again, and the storage would stay closed until a restart.
        onH2File(4, pool -> {
            JdbcStores h2 = JdbcStores.create(pool, clock, JdbcStoreOptions.of(TestDatabase.KEK));
            h2.refreshTokens().save(refreshToken("before"));
            List<Connection> busy = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // requests in flight when the database closes
                Connection connection = pool.getConnection();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
                busy.add(connection);
            }
            Connection closing = pool.getConnection();
            try (Statement statement = closing.createStatement()) {
                statement.execute("CHECKPOINT");
                statement.execute("SHUTDOWN IMMEDIATELY"); // closes the database as a store failure does
            }
            assertThatThrownBy(closing::close).isInstanceOf(SQLException.class); // its connection closed with it
            // each request's next statement fails, and it gives its connection back
            for (Connection connection : busy) {
                assertThatThrownBy(() -> {
                            try (Statement statement = connection.createStatement()) {
                                statement.execute("SELECT 1");
                            }
                        })
                        .isInstanceOf(SQLException.class);
                try {
                    connection.close();
                } catch (SQLException e) {
                    // the connection's own database is gone
                }
            }

            int failed = 0;
            boolean found = false;
            for (int i = 0; i < 20 && !found; i++) { // back to back, as under load: no connection is validated
                try {
                    found = h2.refreshTokens().find("before").isPresent();
                } catch (StoreUnavailableException e) {
                    failed++;
                }
            }

            assertThat(found).isTrue();
            assertThat(failed).isZero(); // every connection to the closed database was dropped, none handed out again
            h2.refreshTokens().save(refreshToken("after"));
            assertThat(h2.refreshTokens().find("after")).isPresent();
        });
    }

    private interface PoolCheck {
        void run(HikariDataSource pool) throws Exception;
    }

    /** Runs the check on a pool of {@link JdbcDataSources#h2File} on a new file, deleted afterwards. */
    private static void onH2File(int poolSize, PoolCheck check) throws Exception {
        Path folder = Files.createTempDirectory("authdesign-h2");
        try (HikariDataSource pool = JdbcDataSources.h2File(folder.resolve("stores"), poolSize)) {
            check.run(pool);
        } finally {
            TestDatabase.deleteTree(folder);
        }
    }

    private RefreshTokenRecord refreshToken(String token) {
        return RefreshTokenRecord.builder()
                .token(token)
                .familyId("family-" + token)
                .grantId("grant-" + token)
                .clientId("web")
                .subject("alice")
                .scopes(Set.of("openid"))
                .authTime(START)
                .lifetime(START, START.plus(Duration.ofDays(1)))
                .build();
    }
}
