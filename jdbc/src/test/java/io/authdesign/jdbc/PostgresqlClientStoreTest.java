package io.authdesign.jdbc;

import io.authdesign.store.ClientStore;
import io.authdesign.store.ClientStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresqlClientStoreTest extends ClientStoreContract {

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
    protected ClientStore newStore(Clock clock) {
        return database.reset(clock).clients();
    }
}
