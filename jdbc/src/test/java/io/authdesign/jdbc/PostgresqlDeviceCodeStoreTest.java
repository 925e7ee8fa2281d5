package io.authdesign.jdbc;

import io.authdesign.store.DeviceCodeStore;
import io.authdesign.store.DeviceCodeStoreContract;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresqlDeviceCodeStoreTest extends DeviceCodeStoreContract {

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
    protected java.util.Optional<java.util.List<String>> everythingStored() {
        return java.util.Optional.of(database.everythingIn("device_authorizations"));
    }

    @Override
    protected DeviceCodeStore newStore(Clock clock) {
        return database.reset(clock).deviceCodes();
    }
}
