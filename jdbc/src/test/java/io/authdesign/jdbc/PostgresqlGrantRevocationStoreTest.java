package io.authdesign.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.GrantRevocationStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresqlGrantRevocationStoreTest extends GrantRevocationStoreContract {

    private static TestDatabase database;

    @BeforeAll
    static void open() {
        database = TestDatabase.postgresql();
    }

    @AfterAll
    static void close() throws IOException {
        database.close();
    }

    @Override
    protected GrantRevocationStore newStore(Clock clock) {
        return database.reset(clock).grantRevocations();
    }

    @Test
    void exclusiveGrantRevocationsWhenPostgresqlThenRefused() {
        JdbcStores stores = database.reset(clock);

        assertThatThrownBy(() -> stores.exclusiveGrantRevocations(10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("embedded H2");
    }
}
