package io.authdesign.redis;

import io.authdesign.store.PushedRequestStore;
import io.authdesign.store.PushedRequestStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class RedisPushedRequestStoreTest extends PushedRequestStoreContract {

    private final TestRedis redis = new TestRedis();

    @Override
    protected PushedRequestStore newStore(Clock clock) {
        return redis.open(clock).pushedRequests();
    }

    @AfterEach
    void close() {
        redis.close();
    }
}
