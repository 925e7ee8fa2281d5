package io.authdesign.server;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * User passwords as salted PBKDF2-HMAC-SHA256, a deliberately slow hash, compared in constant time.
 *
 * <p>Hashing the configuration's passwords costs a few hundred milliseconds each, so it runs in the
 * background once the server has started ({@link Hash#begin()}), and is finished, at the latest, by the first
 * sign-in that needs the hash: the server answers its first requests without waiting for it, and the
 * derivation does not take a core from the start-up.
 */
final class PasswordHasher {

    private static final int ITERATIONS = 210_000;
    private static final int KEY_BITS = 256;
    private static final int SALT_BYTES = 16;

    private final SecureRandom random;

    PasswordHasher(SecureRandom random) {
        this.random = random;
    }

    /** A salted hash of a password, derived now. */
    Hash hash(String password) {
        byte[] salt = salt();
        return new Hash(salt, CompletableFuture.completedFuture(derive(password, salt)), () -> {});
    }

    /**
     * A salted hash of a password, derived on a background thread from the first {@link Hash#begin()} or
     * {@link Hash#value()}; {@link Hash#value()} waits for it.
     */
    Hash hashLater(String password) {
        byte[] salt = salt();
        CompletableFuture<byte[]> value = new CompletableFuture<>();
        AtomicBoolean begun = new AtomicBoolean();
        Runnable starter = () -> {
            if (begun.compareAndSet(false, true)) {
                Thread.ofPlatform().daemon().name("authdesign-password-hash").start(() -> {
                    try {
                        value.complete(derive(password, salt));
                    } catch (RuntimeException e) {
                        value.completeExceptionally(e);
                    }
                });
            }
        };
        return new Hash(salt, value, starter);
    }

    /**
     * A hash no password matches, to spend on unknown usernames the same work as on a wrong password: a
     * check derives from the submitted password whatever the stored value is, so the value need not be
     * derived from anything.
     */
    Hash decoy() {
        byte[] value = new byte[KEY_BITS / 8];
        random.nextBytes(value);
        return new Hash(salt(), CompletableFuture.completedFuture(value), () -> {});
    }

    /** Whether a password matches a stored hash. */
    boolean matches(String password, Hash stored) {
        return MessageDigest.isEqual(derive(password, stored.salt()), stored.value());
    }

    private byte[] salt() {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return salt;
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

    /**
     * A salt and the derived key, which may still be being derived, or not yet begun.
     *
     * @param salt the salt
     * @param derived the derived key, when it is ready
     * @param starter begins the derivation in the background, once
     */
    record Hash(byte[] salt, CompletableFuture<byte[]> derived, Runnable starter) {

        /** Begins the derivation in the background if it has not begun. */
        void begin() {
            starter.run();
        }

        /** The derived key, beginning the derivation if need be and waiting for it. */
        byte[] value() {
            starter.run();
            return derived.join();
        }
    }
}
