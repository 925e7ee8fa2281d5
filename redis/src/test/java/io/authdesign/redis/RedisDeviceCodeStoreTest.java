package io.authdesign.redis;

import io.authdesign.store.DeviceCodeStore;
import io.authdesign.store.DeviceCodeStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class RedisDeviceCodeStoreTest extends DeviceCodeStoreContract {

    private final TestRedis redis = new TestRedis();

    @Override
    protected DeviceCodeStore newStore(Clock clock) {
        return redis.open(clock).deviceCodes();
    }

    @AfterEach
    void close() {
        redis.close();
    }
}
