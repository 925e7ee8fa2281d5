package io.authdesign.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.authdesign.keys.StoredKey;
import io.authdesign.store.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rotating the key-encryption key (issue 11 item 16) on PostgreSQL: with several configured, the first
 * seals and every one opens, so keys sealed under the old one keep working after a new one is added; new
 * keys are sealed under the new one (the old one alone no longer opens them); {@link
 * JdbcStores#resealSigningKeys} moves the old ones over, after which the old key-encryption key can go.
 */
class KeyEncryptionKeyRotationTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = MutableClock.at(START);
    private final KeyEncryptionKey old = KeyEncryptionKey.generate(TestDatabase.RANDOM);
    private final KeyEncryptionKey fresh = KeyEncryptionKey.generate(TestDatabase.RANDOM);
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

    private JdbcStores stores(KeyEncryptionKey newest, KeyEncryptionKey... previous) {
        return JdbcStores.create(
                dataSource, clock, new JdbcStoreOptions(newest, List.of(previous), TestDatabase.RANDOM));
    }

    private static StoredKey key(String kid) {
        return new StoredKey(
                kid,
                "ES256",
                "{\"kty\":\"EC\",\"d\":\"private-" + kid + "\"}",
                "{\"kty\":\"EC\"}",
                START,
                START,
                START.plus(Duration.ofDays(1)));
    }

    private static List<String> privateJwks(JdbcStores stores) {
        return stores.keys().getKeys(START).stream().map(StoredKey::privateJwk).toList();
    }

    @Test
    void keysSealedUnderTheOldKekOpenAfterANewOneIsAddedAndNewKeysSealUnderTheNewOne() {
        stores(old).keys().storeKeyPair(key("before"));

        JdbcStores rotated = stores(fresh, old);
        rotated.keys().storeKeyPair(key("after"));

        assertThat(privateJwks(rotated))
                .containsExactly(
                        "{\"kty\":\"EC\",\"d\":\"private-before\"}", "{\"kty\":\"EC\",\"d\":\"private-after\"}");
        // the new key is sealed under the new KEK: a node that has only the old one cannot open it
        assertThatThrownBy(() -> stores(old).keys().getKeys(START)).hasMessageContaining("after");
    }

    @Test
    void openingOnlyPhaseThenNodesWithEitherOrderShareTheKeys() {
        stores(old).keys().storeKeyPair(key("before"));

        // phase 1: the new KEK opens everywhere, the old one still seals
        JdbcStores phaseOne = stores(old, fresh);
        phaseOne.keys().storeKeyPair(key("during"));

        assertThat(privateJwks(stores(old))).hasSize(2);
        assertThat(privateJwks(stores(fresh, old))).hasSize(2);
    }

    @Test
    void resealMovesEveryKeyToTheNewKekThenTheOldOneCanBeDropped() {
        JdbcStores first = stores(old);
        first.keys().storeKeyPair(key("k1"));
        first.keys().storeKeyPair(key("k2"));
        JdbcStores rotated = stores(fresh, old);
        rotated.keys().storeKeyPair(key("k3"));

        int resealed = rotated.resealSigningKeys();

        assertThat(resealed).as("k1, k2 and the check value").isEqualTo(3);
        assertThat(rotated.resealSigningKeys()).isZero();
        JdbcStores newOnly = stores(fresh);
        assertThat(privateJwks(newOnly))
                .hasSize(3)
                .allSatisfy(jwk -> assertThat(jwk).startsWith("{\"kty\":\"EC\""));
        assertThatThrownBy(() -> stores(old))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key-encryption key");
    }

    @Test
    void unrelatedKekOnlyThenStillAClearStartupError() {
        stores(old).keys().storeKeyPair(key("k1"));

        assertThatThrownBy(() -> stores(KeyEncryptionKey.generate(TestDatabase.RANDOM), fresh))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key-encryption key");
    }
}
