package io.authdesign.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Stores on the machine's Redis under a random key prefix per test; {@link #close} deletes the prefix's
 * keys and closes the connection.
 */
final class TestRedis {

    static final String URI = "redis://127.0.0.1:6379";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix = "authdesign-test:" + HexFormat.of().formatHex(RANDOM.generateSeed(6)) + ":";
    private final List<RedisStores> opened = new ArrayList<>();

    /** Stores under this test's prefix; several calls connect several nodes to the same keys. */
    RedisStores open(Clock clock) {
        RedisStores stores =
                RedisStores.connect(URI, clock, RedisStoreOptions.defaults().withKeyPrefix(prefix));
        opened.add(stores);
        return stores;
    }

    String prefix() {
        return prefix;
    }

    /** Every key under the prefix, with its string value or its hash's fields and values, or its set's members. */
    List<String> everythingStored() {
        return everythingStored(URI, prefix);
    }

    /**
     * Every key under the prefix on the Redis at the URI, with its string value, its hash's fields and values,
     * or its set's members: what the storage holds, read past the stores.
     */
    static List<String> everythingStored(String uri, String prefix) {
        List<String> texts = new ArrayList<>();
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var redis = connection.sync();
            for (String key : redis.keys(prefix + "*")) {
                texts.add(key);
                switch (redis.type(key)) {
                    case "string" -> texts.add(redis.get(key));
                    case "hash" ->
                        redis.hgetall(key).forEach((field, value) -> {
                            texts.add(field);
                            texts.add(value);
                        });
                    case "zset" -> texts.addAll(redis.zrange(key, 0, -1));
                    case "set" -> texts.addAll(redis.smembers(key));
                    default -> texts.add("<" + redis.type(key) + ">");
                }
            }
        } finally {
            client.shutdown();
        }
        return texts;
    }

    /** Closes the server side of the connection named {@code clientName}, as a network failure would. */
    static int killClient(String clientName) {
        int killed = 0;
        RedisClient client = RedisClient.create(URI);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (String line : connection.sync().clientList().split("\n")) {
                if (line.contains(" name=" + clientName + " ")) {
                    String id = line.substring(3, line.indexOf(' '));
                    connection.sync().clientKill(KillArgs.Builder.id(Long.parseLong(id)));
                    killed++;
                }
            }
        } finally {
            client.shutdown();
        }
        return killed;
    }

    void close() {
        opened.forEach(RedisStores::close);
        opened.clear();
        RedisClient client = RedisClient.create(URI);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection
                        .sync()
                        .scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    connection.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }
}
