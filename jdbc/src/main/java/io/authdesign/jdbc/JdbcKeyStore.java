package io.authdesign.jdbc;

import io.authdesign.keys.JwksKeyStore;
import io.authdesign.keys.StoredKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link JwksKeyStore} in the {@code signing_keys} table, every private JWK sealed with the {@link
 * KeyEncryptionKey} (the {@code kid} as associated data) and opened on read. {@link #verifyKey} checks at
 * start that the configured key-encryption key is the one the deployment's first node used.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-9.2">RFC 7517 section 9.2</a>
 */
final class JdbcKeyStore implements JwksKeyStore {

    private static final byte[] CHECK_PLAINTEXT = "authdesign key-encryption check".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHECK_ASSOCIATED_DATA = "key_encryption_check".getBytes(StandardCharsets.UTF_8);

    private final Db db;
    private final KeyEncryptionKey kek;
    private final SecureRandom random;

    JdbcKeyStore(Db db, KeyEncryptionKey kek, SecureRandom random) {
        this.db = db;
        this.kek = kek;
        this.random = random;
    }

    /**
     * Seals a check value under the key-encryption key if no node did yet (the first insert wins), then
     * opens the stored one.
     *
     * @throws IllegalStateException if the stored check value does not open: this node's key-encryption
     *     key differs from the deployment's
     */
    void verifyKey() {
        KeyEncryptionKey.Sealed check = kek.seal(CHECK_PLAINTEXT, CHECK_ASSOCIATED_DATA, random);
        KeyEncryptionKey.Sealed stored = db.run("Check the key-encryption key", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO key_encryption_check (id, nonce, sealed) VALUES (1, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setBytes(1, check.nonce());
                insert.setBytes(2, check.ciphertext());
                insert.executeUpdate();
            }
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT nonce, sealed FROM key_encryption_check WHERE id = 1")) {
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return new KeyEncryptionKey.Sealed(rows.getBytes("nonce"), rows.getBytes("sealed"));
                }
            }
        });
        try {
            kek.open(stored, CHECK_ASSOCIATED_DATA);
        } catch (KeyEncryptionKey.WrongKeyException e) {
            throw new IllegalStateException(
                    "The configured key-encryption key is not the one this database's signing keys are encrypted"
                            + " with: every node of a server needs the same keyEncryptionKey",
                    e);
        }
    }

    @Override
    public void storeKeyPair(StoredKey key) {
        Objects.requireNonNull(key, "key");
        KeyEncryptionKey.Sealed sealed =
                kek.seal(key.privateJwk().getBytes(StandardCharsets.UTF_8), associatedData(key.kid()), random);
        db.run("Store signing key", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO signing_keys (kid, algorithm,"
                    + " private_jwk_nonce, private_jwk_sealed, public_jwk, created_at, activates_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, key.kid());
                insert.setString(2, key.algorithm());
                insert.setBytes(3, sealed.nonce());
                insert.setBytes(4, sealed.ciphertext());
                insert.setString(5, key.publicJwk());
                Columns.setInstant(insert, 6, key.createdAt());
                Columns.setInstant(insert, 7, key.activatesAt());
                Columns.setInstant(insert, 8, key.expiresAt());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public List<StoredKey> getKeys(Instant now) {
        Objects.requireNonNull(now, "now");
        return db.run("Read signing keys", connection -> read(connection, now));
    }

    private List<StoredKey> read(Connection connection, Instant now) throws SQLException {
        List<StoredKey> keys = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT kid, algorithm, private_jwk_nonce,"
                + " private_jwk_sealed, public_jwk, created_at, activates_at, expires_at FROM signing_keys"
                + " WHERE expires_at > ? ORDER BY created_at")) {
            Columns.setInstant(select, 1, now);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String kid = rows.getString("kid");
                    byte[] privateJwk =
                            open(kid, rows.getBytes("private_jwk_nonce"), rows.getBytes("private_jwk_sealed"));
                    keys.add(new StoredKey(
                            kid,
                            rows.getString("algorithm"),
                            new String(privateJwk, StandardCharsets.UTF_8),
                            rows.getString("public_jwk"),
                            Columns.getInstant(rows, "created_at"),
                            Columns.getInstant(rows, "activates_at"),
                            Columns.getInstant(rows, "expires_at")));
                }
            }
        }
        return keys;
    }

    private byte[] open(String kid, byte[] nonce, byte[] ciphertext) {
        try {
            return kek.open(new KeyEncryptionKey.Sealed(nonce, ciphertext), associatedData(kid));
        } catch (KeyEncryptionKey.WrongKeyException e) {
            throw new IllegalStateException(
                    "Signing key " + kid + " does not open under the configured"
                            + " key-encryption key: the row was altered or sealed under another key",
                    e);
        }
    }

    private static byte[] associatedData(String kid) {
        return ("signing_keys:" + kid).getBytes(StandardCharsets.UTF_8);
    }
}
