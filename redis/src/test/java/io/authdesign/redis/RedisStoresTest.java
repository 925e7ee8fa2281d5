package io.authdesign.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the Redis stores do beyond the SPI contracts: start-up and failure behaviour, key prefixes. */
class RedisStoresTest {

    @Test
    void connectWhenRedisUnreachableThenClearStartupError() {
        assertThatThrownBy(() ->
                        RedisStores.connect("redis://127.0.0.1:1", Clock.systemUTC(), RedisStoreOptions.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot reach Redis");
    }

    @Test
    void operationsWhenConnectionKilledThenStoreUnavailableUntilReconnectedByItself() throws Exception {
        String name = "authdesign-kill-" + System.nanoTime();
        TestRedis redis = new TestRedis();
        RedisStores stores = RedisStores.connect(
                TestRedis.URI + "?clientName=" + name,
                Clock.systemUTC(),
                RedisStoreOptions.defaults().withKeyPrefix(redis.prefix()));
        try {
            assertThat(stores.replays().add("before", Duration.ofMinutes(1))).isTrue();
            assertThat(TestRedis.killClient(name)).isEqualTo(1);

            List<RuntimeException> failures = new ArrayList<>();
            boolean recovered = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!recovered && System.nanoTime() < deadline) {
                try {
                    recovered = stores.replays().add("after", Duration.ofMinutes(1));
                } catch (RuntimeException e) {
                    failures.add(e);
                    Thread.sleep(20);
                }
            }

            assertThat(recovered).isTrue();
            assertThat(failures).allMatch(StoreUnavailableException.class::isInstance);
            assertThat(stores.replays().add("before", Duration.ofMinutes(1))).isFalse();
        } finally {
            stores.close();
            redis.close();
        }
    }

    @Test
    void addWhenOtherPrefixThenStoresKeptApart() {
        TestRedis first = new TestRedis();
        TestRedis second = new TestRedis();
        try {
            assertThat(first.open(Clock.systemUTC()).replays().add("jti", Duration.ofMinutes(1)))
                    .isTrue();
            assertThat(second.open(Clock.systemUTC()).replays().add("jti", Duration.ofMinutes(1)))
                    .isTrue();
        } finally {
            first.close();
            second.close();
        }
    }
}
