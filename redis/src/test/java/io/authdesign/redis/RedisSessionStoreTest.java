package io.authdesign.redis;

import io.authdesign.store.SessionStore;
import io.authdesign.store.SessionStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class RedisSessionStoreTest extends SessionStoreContract {

    private final TestRedis redis = new TestRedis();

    @Override
    protected SessionStore newStore(Clock clock) {
        return redis.open(clock).sessions();
    }

    @AfterEach
    void close() {
        redis.close();
    }
}
