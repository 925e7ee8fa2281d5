package io.authdesign.jdbc;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link JdbcStores#create} needs beyond the data source and the clock.
 *
 * <p>Several key-encryption keys let the key-encryption key be rotated: {@code keyEncryptionKey} seals
 * every new signing key, and it and each of {@code previousKeyEncryptionKeys} open the stored ones, so keys
 * sealed under a retired key-encryption key keep working until {@link JdbcStores#resealSigningKeys} moves
 * them to the new one (docs/OPERATIONS.md has the procedure).
 *
 * @param keyEncryptionKey protects the signing keys' private halves at rest: seals new ones; the same on
 *     every node
 * @param previousKeyEncryptionKeys older keys that still open what they sealed, newest first; may be empty
 * @param random the source of session ids and AES-GCM nonces
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-9.2">RFC 7517 section 9.2</a>
 */
public record JdbcStoreOptions(
        KeyEncryptionKey keyEncryptionKey, List<KeyEncryptionKey> previousKeyEncryptionKeys, SecureRandom random) {

    /** Validates and copies the components. */
    public JdbcStoreOptions {
        Objects.requireNonNull(keyEncryptionKey, "keyEncryptionKey");
        previousKeyEncryptionKeys = List.copyOf(previousKeyEncryptionKeys);
        Objects.requireNonNull(random, "random");
    }

    /** Options with one key-encryption key. */
    public JdbcStoreOptions(KeyEncryptionKey keyEncryptionKey, SecureRandom random) {
        this(keyEncryptionKey, List.of(), random);
    }

    /** Options with the given key-encryption key and a new {@link SecureRandom}. */
    public static JdbcStoreOptions of(KeyEncryptionKey keyEncryptionKey) {
        return new JdbcStoreOptions(keyEncryptionKey, new SecureRandom());
    }

    /**
     * Options during a key-encryption key rotation: {@code newest} seals, it and every {@code previous}
     * one open.
     */
    public static JdbcStoreOptions of(KeyEncryptionKey newest, KeyEncryptionKey... previous) {
        return new JdbcStoreOptions(newest, List.of(previous), new SecureRandom());
    }

    /** Every key-encryption key, the sealing one first. */
    public List<KeyEncryptionKey> keyEncryptionKeys() {
        List<KeyEncryptionKey> all = new ArrayList<>(List.of(keyEncryptionKey));
        all.addAll(previousKeyEncryptionKeys);
        return List.copyOf(all);
    }
}
