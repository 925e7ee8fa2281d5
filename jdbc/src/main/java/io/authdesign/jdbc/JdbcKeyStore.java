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
 * KeyEncryptionKey} (the {@code kid} as associated data) and opened on read. Several key-encryption keys may
 * be configured, to rotate it: the first seals, any opens, and {@link #reseal} moves what older ones sealed
 * to the first. {@link #verifyKey} checks at start that a configured key-encryption key is one the
 * deployment uses.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-9.2">RFC 7517 section 9.2</a>
 */
final class JdbcKeyStore implements JwksKeyStore {

    private static final byte[] CHECK_PLAINTEXT = "authdesign key-encryption check".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHECK_ASSOCIATED_DATA = "key_encryption_check".getBytes(StandardCharsets.UTF_8);

    private final Db db;
    private final List<KeyEncryptionKey> keks;
    private final KeyEncryptionKey kek;
    private final SecureRandom random;

    /** A store sealing with the first of {@code keks} and opening with any of them. */
    JdbcKeyStore(Db db, List<KeyEncryptionKey> keks, SecureRandom random) {
        this.db = db;
        this.keks = List.copyOf(keks);
        this.kek = this.keks.get(0);
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
            KeyEncryptionKey.open(keks, stored, CHECK_ASSOCIATED_DATA);
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
        return opened(kid, nonce, ciphertext).plaintext();
    }

    private KeyEncryptionKey.Opened opened(String kid, byte[] nonce, byte[] ciphertext) {
        try {
            return KeyEncryptionKey.open(keks, new KeyEncryptionKey.Sealed(nonce, ciphertext), associatedData(kid));
        } catch (KeyEncryptionKey.WrongKeyException e) {
            throw new IllegalStateException(
                    "Signing key " + kid + " does not open under any configured"
                            + " key-encryption key: the row was altered or sealed under another key",
                    e);
        }
    }

    /**
     * Seals under the newest key-encryption key every signing key (and the check value) that an older one
     * sealed, in one transaction, so that the older one can then be dropped from the configuration.
     *
     * @return how many values were sealed again
     */
    int reseal() {
        return db.inTransaction("Seal signing keys again", connection -> {
            int resealed = 0;
            List<String[]> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT kid, private_jwk_nonce, private_jwk_sealed FROM signing_keys FOR UPDATE")) {
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        String kid = result.getString("kid");
                        KeyEncryptionKey.Opened opened = opened(
                                kid, result.getBytes("private_jwk_nonce"), result.getBytes("private_jwk_sealed"));
                        if (opened.keyIndex() > 0) {
                            rows.add(new String[] {kid, new String(opened.plaintext(), StandardCharsets.UTF_8)});
                        }
                    }
                }
            }
            for (String[] row : rows) {
                KeyEncryptionKey.Sealed sealed =
                        kek.seal(row[1].getBytes(StandardCharsets.UTF_8), associatedData(row[0]), random);
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE signing_keys" + " SET private_jwk_nonce = ?, private_jwk_sealed = ? WHERE kid = ?")) {
                    update.setBytes(1, sealed.nonce());
                    update.setBytes(2, sealed.ciphertext());
                    update.setString(3, row[0]);
                    resealed += update.executeUpdate();
                }
            }
            return resealed + resealCheck(connection);
        });
    }

    /** Seals the check value under the newest key when an older one sealed it. */
    private int resealCheck(Connection connection) throws SQLException {
        KeyEncryptionKey.Sealed stored;
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT nonce, sealed FROM key_encryption_check WHERE id = 1 FOR UPDATE");
                ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                return 0;
            }
            stored = new KeyEncryptionKey.Sealed(rows.getBytes("nonce"), rows.getBytes("sealed"));
        }
        KeyEncryptionKey.Opened opened;
        try {
            opened = KeyEncryptionKey.open(keks, stored, CHECK_ASSOCIATED_DATA);
        } catch (KeyEncryptionKey.WrongKeyException e) {
            throw new IllegalStateException("The key-encryption check value does not open under any configured key", e);
        }
        if (opened.keyIndex() == 0) {
            return 0;
        }
        KeyEncryptionKey.Sealed sealed = kek.seal(CHECK_PLAINTEXT, CHECK_ASSOCIATED_DATA, random);
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE key_encryption_check SET nonce = ?, sealed = ? WHERE id = 1")) {
            update.setBytes(1, sealed.nonce());
            update.setBytes(2, sealed.ciphertext());
            return update.executeUpdate();
        }
    }

    private static byte[] associatedData(String kid) {
        return ("signing_keys:" + kid).getBytes(StandardCharsets.UTF_8);
    }
}
