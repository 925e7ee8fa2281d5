package io.authdesign.redis;

import io.authdesign.store.AttemptStore;
import io.authdesign.store.AttemptStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class RedisAttemptStoreTest extends AttemptStoreContract {

    private final TestRedis redis = new TestRedis();

    @Override
    protected AttemptStore newStore(Clock clock) {
        return redis.open(clock).attempts();
    }

    @AfterEach
    void close() {
        redis.close();
    }
}
