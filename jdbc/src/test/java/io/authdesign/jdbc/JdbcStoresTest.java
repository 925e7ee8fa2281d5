package io.authdesign.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.authdesign.StoreUnavailableException;
import io.authdesign.keys.StoredKey;
import io.authdesign.store.AuthorizationCodeGrant;
import io.authdesign.store.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
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
}
