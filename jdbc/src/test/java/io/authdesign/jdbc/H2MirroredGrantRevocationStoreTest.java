package io.authdesign.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.StoreUnavailableException;
import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.GrantRevocationStoreContract;
import io.authdesign.store.TokenHashes;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-memory revocation list of an embedded H2 database: the contract, and that it answers from memory
 * what the database holds, writes through, stays bounded and fails closed.
 */
class H2MirroredGrantRevocationStoreTest extends GrantRevocationStoreContract {

    private static final Instant LATER = START.plus(Duration.ofHours(1));

    private static TestDatabase database;

    @BeforeAll
    static void open() {
        database = TestDatabase.h2();
    }

    @AfterAll
    static void close() throws IOException {
        database.close();
    }

    @Override
    protected GrantRevocationStore newStore(Clock clock) {
        return mirror(clock, 100);
    }

    private static MirroredGrantRevocationStore mirror(Clock clock, int maxEntries) {
        JdbcStores stores = database.reset(clock);
        return new MirroredGrantRevocationStore(
                (JdbcGrantRevocationStore) stores.grantRevocations(), clock, maxEntries);
    }

    /** A row written behind the mirror's back, as no caller of an exclusive database may. */
    private static void insertRow(String grantId, Instant until) {
        try (Connection connection = database.dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO revoked_grants (grant_hash, expires_at) VALUES (?, ?)")) {
            insert.setString(1, TokenHashes.sha256(grantId));
            Columns.setInstant(insert, 2, until);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void openingWhenEntriesAreInForceThenTheyAreRevokedAndEndedOnesAreNot() {
        database.reset(clock);
        GrantRevocationStore plain = database.stores.grantRevocations();
        plain.revoke("in-force", LATER);
        plain.revoke("ended", START.minusSeconds(1));

        MirroredGrantRevocationStore mirror =
                new MirroredGrantRevocationStore((JdbcGrantRevocationStore) plain, clock, 100);

        assertThat(mirror.mirrored()).isTrue();
        assertThat(mirror.isRevoked("in-force", START)).isTrue();
        assertThat(mirror.isRevoked("ended", START)).isFalse();
        assertThat(mirror.isRevoked("in-force", LATER)).isFalse();
    }

    @Test
    void revokeThenTheDatabaseHoldsItForTheNextOpening() {
        MirroredGrantRevocationStore mirror = mirror(clock, 100);

        mirror.revoke("grant-1", LATER);

        assertThat(database.stores.grantRevocations().isRevoked("grant-1", START))
                .isTrue();
        MirroredGrantRevocationStore reopened = new MirroredGrantRevocationStore(
                (JdbcGrantRevocationStore) database.stores.grantRevocations(), clock, 100);
        assertThat(reopened.isRevoked("grant-1", START)).isTrue();
        assertThat(reopened.isRevoked("grant-2", START)).isFalse();
    }

    @Test
    void isRevokedWhileMirroredThenTheDatabaseIsNotRead() {
        MirroredGrantRevocationStore mirror = mirror(clock, 100);

        insertRow("written-behind", LATER);

        assertThat(mirror.isRevoked("written-behind", START)).isFalse();
        assertThat(database.stores.grantRevocations().isRevoked("written-behind", START))
                .isTrue();
    }

    @Test
    void revokeWhenMoreThanMaxEntriesAreInForceThenLookupsReadTheDatabase() {
        MirroredGrantRevocationStore mirror = mirror(clock, 3);
        for (int i = 1; i <= 3; i++) {
            mirror.revoke("grant-" + i, LATER);
        }
        assertThat(mirror.mirrored()).isTrue();

        mirror.revoke("grant-4", LATER);

        assertThat(mirror.mirrored()).isFalse();
        for (int i = 1; i <= 4; i++) {
            assertThat(mirror.isRevoked("grant-" + i, START)).isTrue();
        }
        insertRow("written-behind", LATER);
        assertThat(mirror.isRevoked("written-behind", START)).isTrue();
        assertThat(mirror.isRevoked("grant-5", START)).isFalse();
    }

    @Test
    void revokeWhenEarlierEntriesHaveEndedThenTheyMakeRoom() {
        MirroredGrantRevocationStore mirror = mirror(clock, 3);
        for (int i = 1; i <= 3; i++) {
            mirror.revoke("short-" + i, START.plusSeconds(10));
        }
        clock.advance(Duration.ofSeconds(11));

        mirror.revoke("grant-4", LATER);

        assertThat(mirror.mirrored()).isTrue();
        assertThat(mirror.isRevoked("grant-4", clock.instant())).isTrue();
        assertThat(mirror.isRevoked("short-1", clock.instant())).isFalse();
    }

    @Test
    void openingWhenMoreThanMaxEntriesAreInForceThenLookupsReadTheDatabase() {
        database.reset(clock);
        GrantRevocationStore plain = database.stores.grantRevocations();
        for (int i = 1; i <= 3; i++) {
            plain.revoke("grant-" + i, LATER);
        }

        MirroredGrantRevocationStore mirror =
                new MirroredGrantRevocationStore((JdbcGrantRevocationStore) plain, clock, 2);

        assertThat(mirror.mirrored()).isFalse();
        assertThat(mirror.isRevoked("grant-3", START)).isTrue();
    }

    @Test
    void revokeWhenTheDatabaseFailsThenItFailsAndTheGrantIsRevokedHereAnyway() throws IOException {
        TestDatabase broken = TestDatabase.h2();
        try {
            MirroredGrantRevocationStore mirror = new MirroredGrantRevocationStore(
                    (JdbcGrantRevocationStore) broken.stores.grantRevocations(), clock, 100);
            broken.dataSource.close();

            assertThatThrownBy(() -> mirror.revoke("grant-1", LATER)).isInstanceOf(StoreUnavailableException.class);

            assertThat(mirror.isRevoked("grant-1", START)).isTrue();
            assertThat(mirror.isRevoked("grant-2", START)).isFalse();
        } finally {
            broken.close();
        }
    }

    @Test
    void exclusiveGrantRevocationsOnAnEmbeddedFileThenOneMirrorOnTheSameList() {
        JdbcStores stores = database.reset(clock);

        GrantRevocationStore first = stores.exclusiveGrantRevocations(10);
        first.revoke("grant-1", LATER);

        assertThat(stores.exclusiveGrantRevocations(10)).isSameAs(first);
        assertThat(stores.grantRevocations().isRevoked("grant-1", START)).isTrue();
    }

    @Test
    void isEmbeddedH2ThenOnlyDatabasesThatH2KeepsToThisProcess() {
        assertThat(JdbcStores.isEmbeddedH2("jdbc:h2:file:/var/lib/authdesign/authdesign;MODE=PostgreSQL"))
                .isTrue();
        assertThat(JdbcStores.isEmbeddedH2("jdbc:h2:mem:stores")).isTrue();
        assertThat(JdbcStores.isEmbeddedH2("jdbc:h2:./data/stores")).isTrue();
        assertThat(JdbcStores.isEmbeddedH2("jdbc:h2:tcp://db.example/stores")).isFalse();
        assertThat(JdbcStores.isEmbeddedH2("jdbc:h2:ssl://db.example/stores")).isFalse();
        assertThat(JdbcStores.isEmbeddedH2("jdbc:h2:file:/data/stores;AUTO_SERVER=TRUE"))
                .isFalse();
        assertThat(JdbcStores.isEmbeddedH2("jdbc:postgresql://127.0.0.1:5432/test"))
                .isFalse();
    }
}
