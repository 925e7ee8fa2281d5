package io.authdesign.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A key store and rotation timestamp store in process memory: for tests, development and single-node
 * deployments that accept new keys at every start. Thread-safe.
 */
public final class InMemoryKeyStore implements JwksKeyStore, JwksRotationTimestampStore {

    private final List<StoredKey> keys = new ArrayList<>();
    private Instant lastRotation;

    /** Creates an empty store. */
    public InMemoryKeyStore() {}

    /** Creates an empty store, under the original package's name. */
    public static InMemoryKeyStore createInMemoryKeyStore() {
        return new InMemoryKeyStore();
    }

    @Override
    public synchronized void storeKeyPair(StoredKey key) {
        if (keys.stream().anyMatch(k -> k.kid().equals(key.kid()))) {
            throw new IllegalArgumentException("A key with kid " + key.kid() + " is already stored");
        }
        keys.add(key);
    }

    @Override
    public synchronized List<StoredKey> getKeys(Instant now) {
        keys.removeIf(key -> !key.isPublishedAt(now));
        return List.copyOf(new ArrayList<>(keys));
    }

    @Override
    public synchronized Optional<Instant> getLastTimestamp() {
        return Optional.ofNullable(lastRotation);
    }

    @Override
    public synchronized boolean claimRotation(Instant now, Duration interval) {
        if (lastRotation != null && now.isBefore(lastRotation.plus(interval))) {
            return false;
        }
        lastRotation = now;
        return true;
    }
}
