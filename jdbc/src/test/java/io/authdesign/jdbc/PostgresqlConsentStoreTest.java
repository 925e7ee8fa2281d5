package io.authdesign.jdbc;

import io.authdesign.store.ConsentStore;
import io.authdesign.store.ConsentStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresqlConsentStoreTest extends ConsentStoreContract {

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
    protected ConsentStore newStore(Clock clock) {
        return database.reset(clock).consents();
    }
}
