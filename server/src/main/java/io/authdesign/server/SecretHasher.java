package io.authdesign.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Holds client secrets as HMAC-SHA256 values under a key made at start-up and kept only in memory, and
 * compares presented secrets in constant time. A keyed fast hash suits high-entropy client secrets; user
 * passwords use {@link PasswordHasher} instead.
 */
final class SecretHasher {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    SecretHasher(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        this.key = new SecretKeySpec(bytes, ALGORITHM);
    }

    byte[] hash(String secret) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /** Whether {@code presented} hashes to {@code stored}, compared in constant time. */
    boolean matches(String presented, byte[] stored) {
        return MessageDigest.isEqual(hash(presented), stored);
    }
}
