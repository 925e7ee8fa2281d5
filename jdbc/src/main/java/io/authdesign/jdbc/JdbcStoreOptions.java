package io.authdesign.jdbc;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * What {@link JdbcStores#create} needs beyond the data source and the clock.
 *
 * @param keyEncryptionKey protects the signing keys' private halves at rest; the same on every node
 * @param random the source of session ids and AES-GCM nonces
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-9.2">RFC 7517 section 9.2</a>
 */
public record JdbcStoreOptions(KeyEncryptionKey keyEncryptionKey, SecureRandom random) {

    /** Validates the components. */
    public JdbcStoreOptions {
        Objects.requireNonNull(keyEncryptionKey, "keyEncryptionKey");
        Objects.requireNonNull(random, "random");
    }

    /** Options with the given key-encryption key and a new {@link SecureRandom}. */
    public static JdbcStoreOptions of(KeyEncryptionKey keyEncryptionKey) {
        return new JdbcStoreOptions(keyEncryptionKey, new SecureRandom());
    }
}
