package io.authdesign.jdbc;

import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.GrantRevocationStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
}
