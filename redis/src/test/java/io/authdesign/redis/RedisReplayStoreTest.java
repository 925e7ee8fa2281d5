package io.authdesign.redis;

import io.authdesign.replay.ReplayStore;
import io.authdesign.replay.ReplayStoreContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

class RedisReplayStoreTest extends ReplayStoreContract {

    private final TestRedis redis = new TestRedis();

    @Override
    protected ReplayStore newStore(Clock clock) {
        return redis.open(clock).replays();
    }

    /** Redis expires replay entries by its own clock: let the time really pass. */
    @Override
    protected void elapse(Duration duration) {
        super.elapse(duration);
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        redis.close();
    }
}
