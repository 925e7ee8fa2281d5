package io.authdesign.jdbc;

import io.authdesign.store.AttemptStore;
import io.authdesign.store.AttemptStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class H2AttemptStoreTest extends AttemptStoreContract {

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
    protected AttemptStore newStore(Clock clock) {
        return database.reset(clock).attempts();
    }
}
