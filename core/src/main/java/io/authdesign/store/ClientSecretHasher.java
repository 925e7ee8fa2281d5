package io.authdesign.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes client secrets with HMAC-SHA256 under a server key, and checks presented secrets against all of
 * a client's secrets in constant time. A keyed fast hash suits generated, high-entropy client secrets (a
 * slow password hash would only slow the token endpoint); the key means a copy of the client store alone
 * does not even allow an offline guess. Every node of one server must use the same key.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3.1">RFC 6749 section 2.3.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6819#section-5.1.4.1.3">RFC 6819 section
 *     5.1.4.1.3</a>
 */
public final class ClientSecretHasher {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 32;
    private static final int SECRET_BYTES = 32;
    private static final int POOLED_MACS = 64;

    private final SecretKeySpec key;
    private final SecureRandom random;

    /**
     * Initialised Macs ready for reuse (a Mac is not thread-safe; each is taken by one caller at a time).
     * Requests run on virtual threads, so a thread-local Mac would be created per request; the pool keeps
     * as many as ran at once, at most {@link #POOLED_MACS}.
     */
    private final ArrayBlockingQueue<Mac> macs = new ArrayBlockingQueue<>(POOLED_MACS);

    /**
     * Creates a hasher.
     *
     * @param key the HMAC key, at least 32 bytes, shared by every node
     * @param random the source for {@link #generateSecret()}
     */
    public ClientSecretHasher(byte[] key, SecureRandom random) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("A client secret hashing key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Creates a hasher under a fresh random key, for a single process whose clients are registered at start. */
    public static ClientSecretHasher withRandomKey(SecureRandom random) {
        byte[] key = new byte[MIN_KEY_BYTES];
        random.nextBytes(key);
        return new ClientSecretHasher(key, random);
    }

    /** The keyed hash of a secret, base64url without padding, to keep in a {@link ClientSecret}. */
    public String hash(String secret) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(secret));
    }

    /**
     * Whether {@code presented} is one of the secrets active at {@code now}. Every secret is compared, in
     * constant time, whatever matched earlier, so the timing tells neither which secret matched nor how
     * many there are beyond the list's length.
     */
    public boolean matches(String presented, List<ClientSecret> secrets, Instant now) {
        Objects.requireNonNull(now, "now");
        if (presented == null || secrets == null) {
            return false;
        }
        byte[] candidate = mac(presented);
        boolean matched = false;
        for (ClientSecret secret : secrets) {
            byte[] stored = decode(secret.hash());
            boolean equal = MessageDigest.isEqual(candidate, stored);
            matched |= equal & secret.isActiveAt(now);
        }
        return matched;
    }

    /** A new secret of 256 random bits, base64url without padding (43 characters). */
    public String generateSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private byte[] mac(String secret) {
        Mac mac = macs.poll();
        try {
            if (mac == null) {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
            }
            // doFinal resets the Mac to its initial state with the same key: it is reusable at once
            byte[] result = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            macs.offer(mac);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private static byte[] decode(String hash) {
        try {
            return Base64.getUrlDecoder().decode(hash);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    @Override
    public String toString() {
        return "ClientSecretHasher[HmacSHA256]";
    }
}
