package io.authdesign.jdbc;

import io.authdesign.keys.JwksKeyStore;
import io.authdesign.keys.JwksKeyStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class H2JwksKeyStoreTest extends JwksKeyStoreContract {

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
    protected JwksKeyStore newStore() {
        return database.reset(Clock.systemUTC()).keys();
    }
}
