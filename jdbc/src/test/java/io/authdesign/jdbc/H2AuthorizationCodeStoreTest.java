package io.authdesign.jdbc;

import io.authdesign.store.AuthorizationCodeStore;
import io.authdesign.store.AuthorizationCodeStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class H2AuthorizationCodeStoreTest extends AuthorizationCodeStoreContract {

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
    protected AuthorizationCodeStore newStore(Clock clock) {
        return database.reset(clock).authorizationCodes();
    }
}
