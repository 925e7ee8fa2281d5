package io.authdesign.jdbc;

import io.authdesign.replay.ReplayStore;
import io.authdesign.replay.ReplayStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class H2ReplayStoreTest extends ReplayStoreContract {

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
    protected ReplayStore newStore(Clock clock) {
        return database.reset(clock).replays();
    }
}
