package io.authdesign.redis;

import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.GrantRevocationStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class RedisGrantRevocationStoreTest extends GrantRevocationStoreContract {

    private final TestRedis redis = new TestRedis();

    @Override
    protected GrantRevocationStore newStore(Clock clock) {
        return redis.open(clock).grantRevocations();
    }

    @AfterEach
    void close() {
        redis.close();
    }
}
