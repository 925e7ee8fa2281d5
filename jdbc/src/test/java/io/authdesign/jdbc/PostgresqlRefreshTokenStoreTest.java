package io.authdesign.jdbc;

import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.RefreshTokenStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresqlRefreshTokenStoreTest extends RefreshTokenStoreContract {

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
    protected RefreshTokenStore newStore(Clock clock) {
        return database.reset(clock).refreshTokens();
    }
}
