package io.authdesign.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Device-flow user codes as the stores keep them: a keyed hash (HMAC-SHA256) of the {@linkplain
 * UserCodes#normalise normalised} code. A user code has only about 34.5 bits of entropy (RFC 8628 section
 * 6.1), so a plain hash would be reversed by trying every code in minutes; without the key, a copy of the
 * store reveals none. Every node that shares a device code store must use the same key.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-5.1">RFC 8628 section 5.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-6.1">RFC 8628 section 6.1</a>
 */
public final class UserCodeHasher {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;

    /**
     * A hasher with this key.
     *
     * @param key at least 32 bytes, the same on every node sharing the device code store
     * @throws IllegalArgumentException when the key is shorter
     */
    public UserCodeHasher(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("A user code hashing key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** A hasher with a random key of this process: for a device code store no other process reads. */
    public static UserCodeHasher withRandomKey(SecureRandom random) {
        byte[] key = new byte[MIN_KEY_BYTES];
        random.nextBytes(key);
        return new UserCodeHasher(key);
    }

    /**
     * The keyed hash of a user code as a user may type it (case, dashes and spaces do not matter).
     *
     * @param userCode the code
     * @return the base64url HMAC-SHA256 of the normalised code
     */
    public String hash(String userCode) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(UserCodes.normalise(userCode).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
