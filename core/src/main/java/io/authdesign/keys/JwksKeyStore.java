package io.authdesign.keys;

import java.time.Instant;
import java.util.List;

/**
 * Where a design keeps its signing keys. Every node of a deployment that shares a key store signs and
 * publishes the same keys. Implementations must be thread-safe.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
 */
public interface JwksKeyStore {

    /**
     * Stores a new key pair.
     *
     * @param key the key; its {@code kid} is new
     */
    void storeKeyPair(StoredKey key);

    /**
     * Returns the keys whose public half is still published at {@code now}, in any order. An
     * implementation may drop expired keys.
     *
     * @param now the current time
     * @return the unexpired keys
     */
    List<StoredKey> getKeys(Instant now);
}
