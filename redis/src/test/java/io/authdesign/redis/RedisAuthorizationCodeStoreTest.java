package io.authdesign.redis;

import io.authdesign.store.AuthorizationCodeStore;
import io.authdesign.store.AuthorizationCodeStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class RedisAuthorizationCodeStoreTest extends AuthorizationCodeStoreContract {

    private final TestRedis redis = new TestRedis();

    @Override
    protected AuthorizationCodeStore newStore(Clock clock) {
        return redis.open(clock).authorizationCodes();
    }

    @AfterEach
    void close() {
        redis.close();
    }
}
