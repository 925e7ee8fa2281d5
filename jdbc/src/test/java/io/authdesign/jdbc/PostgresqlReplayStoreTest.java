package io.authdesign.jdbc;

import io.authdesign.replay.ReplayStore;
import io.authdesign.replay.ReplayStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresqlReplayStoreTest extends ReplayStoreContract {

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
    protected ReplayStore newStore(Clock clock) {
        return database.reset(clock).replays();
    }
}
