package io.authdesign.server;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** User passwords as salted PBKDF2-HMAC-SHA256, a deliberately slow hash, compared in constant time. */
final class PasswordHasher {

    private static final int ITERATIONS = 210_000;
    private static final int KEY_BITS = 256;

    private final SecureRandom random;

    PasswordHasher(SecureRandom random) {
        this.random = random;
    }

    /** A salted hash of a password. */
    Hash hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return new Hash(salt, derive(password, salt));
    }

    /** Whether a password matches a stored hash. */
    boolean matches(String password, Hash stored) {
        return MessageDigest.isEqual(derive(password, stored.salt()), stored.value());
    }

    private static byte[] derive(String password, byte[] salt) {
        try {
            KeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, KEY_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required by every Java platform", e);
        }
    }

    /** A salt and the derived key. */
    record Hash(byte[] salt, byte[] value) {}
}
