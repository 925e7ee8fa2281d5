package io.authdesign.dpop;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-provided DPoP nonces that need no storage: a nonce is the time step and an HMAC of it under a
 * secret, valid for its step and the next, so nodes sharing the secret accept each other's nonces and a
 * nonce rotates every step.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-8">RFC 9449 section 8</a>
 */
final class DPoPNonces {

    private final SecretKeySpec key;
    private final Duration step;

    /**
     * Creates the nonce source.
     *
     * @param secret at least 32 bytes, shared by every node
     * @param step how long a nonce is current (it stays accepted one more step)
     */
    public DPoPNonces(byte[] secret, Duration step) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("A DPoP nonce secret needs at least 32 bytes");
        }
        if (!step.isPositive()) {
            throw new IllegalArgumentException("The nonce step must be positive");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.step = step;
    }

    /** The current nonce. */
    public String current(Instant now) {
        return nonce(now.getEpochSecond() / step.toSeconds());
    }

    /** Whether a nonce is the current one or the previous one. */
    public boolean isValid(String nonce, Instant now) {
        long current = now.getEpochSecond() / step.toSeconds();
        byte[] presented = nonce.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, nonce(current).getBytes(StandardCharsets.US_ASCII))
                || MessageDigest.isEqual(presented, nonce(current - 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String nonce(long counter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] time = ByteBuffer.allocate(8).putLong(counter).array();
            byte[] tag = Arrays.copyOf(mac.doFinal(time), 16);
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(ByteBuffer.allocate(24).put(time).put(tag).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
