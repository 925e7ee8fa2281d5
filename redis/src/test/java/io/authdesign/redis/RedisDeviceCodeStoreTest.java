package io.authdesign.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.store.DeviceAuthorization;
import io.authdesign.store.DeviceCodeStore;
import io.authdesign.store.DeviceCodeStoreContract;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisDeviceCodeStoreTest extends DeviceCodeStoreContract {

    private final TestRedis redis = new TestRedis();

    @Override
    protected DeviceCodeStore newStore(Clock clock) {
        return redis.open(clock).deviceCodes();
    }

    @Override
    protected DeviceCodeStore anotherNode(Clock clock) {
        return redis.open(clock).deviceCodes();
    }

    @Override
    protected List<String> everythingStored() {
        return redis.everythingStored();
    }

    @Test
    void saveThenTheUserCodeKeyIsNamedByTheKeyedHash() {
        store.save(DeviceAuthorization.builder()
                .deviceCode("dc-key")
                .userCodeHash(HASHER.hash("BCDF-GHJK"))
                .clientId("tv")
                .scopes(Set.of("openid"))
                .interval(Duration.ofSeconds(5))
                .expiresAt(START.plusSeconds(600))
                .grantId("g-key")
                .build());

        assertThat(redis.everythingStored())
                .contains(redis.prefix() + RedisDeviceCodeStore.DEVICE_TAG + "usercode:" + HASHER.hash("bcdf ghjk"))
                .noneMatch(text -> text.contains("BCDFGHJK") || text.contains("BCDF-GHJK"));
    }

    @Test
    void everyKeyOfTheStoreIsInTheDeviceHashSlotSoItsScriptsRunOnRedisCluster() {
        store.save(DeviceAuthorization.builder()
                .deviceCode("dc-slot")
                .userCodeHash(HASHER.hash("BCDF-GHJK"))
                .clientId("tv")
                .scopes(Set.of("openid"))
                .interval(Duration.ofSeconds(5))
                .expiresAt(START.plusSeconds(600))
                .grantId("g-slot")
                .build());
        List<String> keys = redis.everythingStored().stream()
                .filter(text -> text.startsWith(redis.prefix()))
                .toList();
        assertThat(keys).hasSize(3).allSatisfy(key -> assertThat(key).startsWith(redis.prefix() + "{device}:"));
    }

    @AfterEach
    void close() {
        redis.close();
    }
}
