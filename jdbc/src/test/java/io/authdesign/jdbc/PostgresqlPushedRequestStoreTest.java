package io.authdesign.jdbc;

import io.authdesign.store.PushedRequestStore;
import io.authdesign.store.PushedRequestStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresqlPushedRequestStoreTest extends PushedRequestStoreContract {

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
    protected PushedRequestStore newStore(Clock clock) {
        return database.reset(clock).pushedRequests();
    }
}
