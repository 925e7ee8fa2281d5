package io.authdesign.jdbc;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit AES key that encrypts signing keys at rest: each private JWK is sealed with AES-GCM under a
 * fresh random 96-bit nonce, with the key's {@code kid} as associated data, so a sealed key copied to
 * another row does not open. Every node of one server is configured with the same key-encryption key;
 * keep it outside the database (a secret store, an environment variable).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc5116#section-2">RFC 5116 section 2 (AEAD)</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-9.2">RFC 7517 section 9.2
 *     (protecting private keys)</a>
 */
public final class KeyEncryptionKey {

    /** The key length in bytes: AES-256. */
    public static final int LENGTH = 32;

    /** The nonce length in bytes: 96 bits, as GCM recommends (NIST SP 800-38D section 8.2). */
    public static final int NONCE_LENGTH = 12;

    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    private KeyEncryptionKey(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * Parses a key from base64 (standard or URL-safe alphabet, padding optional).
     *
     * @throws IllegalArgumentException if the text is not base64 or is not 32 bytes long
     */
    public static KeyEncryptionKey parse(String base64) {
        Objects.requireNonNull(base64, "base64");
        String trimmed = base64.strip();
        byte[] bytes;
        try {
            bytes = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The key-encryption key is not base64", e);
        }
        return of(bytes);
    }

    /**
     * A key from its raw bytes.
     *
     * @throws IllegalArgumentException if it is not 32 bytes long
     */
    public static KeyEncryptionKey of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "The key-encryption key must be 256 bits (32 bytes), not " + bytes.length + " bytes");
        }
        return new KeyEncryptionKey(bytes.clone());
    }

    /** A new random key; print it with {@link #toBase64()} once, to put in the configuration. */
    public static KeyEncryptionKey generate(SecureRandom random) {
        byte[] bytes = new byte[LENGTH];
        random.nextBytes(bytes);
        return new KeyEncryptionKey(bytes);
    }

    /** The key in standard base64, as {@link #parse} reads it. Handle the result as a secret. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** A sealed value: the nonce and the ciphertext with its 128-bit tag. */
    record Sealed(byte[] nonce, byte[] ciphertext) {}

    /** Encrypts {@code plaintext} under a fresh nonce, binding {@code associatedData}. */
    Sealed seal(byte[] plaintext, byte[] associatedData, SecureRandom random) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            return new Sealed(nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java platform", e);
        }
    }

    /**
     * Decrypts a sealed value.
     *
     * @throws WrongKeyException if the tag does not verify: another key-encryption key sealed it, or the
     *     value or its associated data was changed
     */
    byte[] open(Sealed sealed, byte[] associatedData) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new WrongKeyException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java platform", e);
        }
    }

    /**
     * Decrypts a sealed value with the first of {@code keys} it opens under.
     *
     * @return the index of the key that opened it and the plaintext
     * @throws WrongKeyException if it opens under none of them
     */
    static Opened open(List<KeyEncryptionKey> keys, Sealed sealed, byte[] associatedData) {
        WrongKeyException last = null;
        for (int i = 0; i < keys.size(); i++) {
            try {
                return new Opened(i, keys.get(i).open(sealed, associatedData));
            } catch (WrongKeyException e) {
                last = e;
            }
        }
        throw last == null ? new WrongKeyException(null) : last;
    }

    /** A value opened by {@link #open(List, Sealed, byte[])}: which key opened it, and its plaintext. */
    record Opened(int keyIndex, byte[] plaintext) {}

    /** A sealed value did not open under this key. */
    static final class WrongKeyException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        WrongKeyException(Throwable cause) {
            super("A value sealed at rest does not open under the configured key-encryption key", cause);
        }
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[AES-256]";
    }
}
