package io.authdesign.jdbc;

import io.authdesign.keys.JwksRotationTimestampStore;
import io.authdesign.keys.JwksRotationTimestampStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresqlJwksRotationTimestampStoreTest extends JwksRotationTimestampStoreContract {

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
    protected JwksRotationTimestampStore newStore() {
        return database.reset(Clock.systemUTC()).rotationTimestamps();
    }
}
