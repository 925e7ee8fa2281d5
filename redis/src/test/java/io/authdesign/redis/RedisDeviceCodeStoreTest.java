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

    @Override
    protected java.util.Optional<java.util.List<String>> everythingStored() {
        return java.util.Optional.of(redis.everythingStored());
    }

    @org.junit.jupiter.api.Test
    void everyKeyOfTheStoreIsInTheDeviceHashSlotSoItsScriptsRunOnRedisCluster() {
        DeviceCodeStore store = newStore(clock);
        store.save(io.authdesign.store.DeviceAuthorization.builder()
                .deviceCode("dc-slot")
                .userCodeHash(HASHER.hash("BCDF-GHJK"))
                .clientId("tv")
                .scopes(java.util.Set.of("openid"))
                .interval(java.time.Duration.ofSeconds(5))
                .expiresAt(START.plusSeconds(600))
                .grantId("g-slot")
                .build());
        java.util.List<String> keys = redis.everythingStored().stream()
                .filter(text -> text.startsWith(redis.prefix()))
                .toList();
        org.assertj.core.api.Assertions.assertThat(keys)
                .hasSize(3)
                .allSatisfy(key ->
                        org.assertj.core.api.Assertions.assertThat(key).startsWith(redis.prefix() + "{device}:"));
    }

    @AfterEach
    void close() {
        redis.close();
    }
}
