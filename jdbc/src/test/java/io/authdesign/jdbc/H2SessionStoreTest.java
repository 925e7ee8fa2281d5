package io.authdesign.jdbc;

import io.authdesign.store.SessionStore;
import io.authdesign.store.SessionStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class H2SessionStoreTest extends SessionStoreContract {

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
    protected SessionStore newStore(Clock clock) {
        return database.reset(clock).sessions();
    }
}
