package io.authdesign.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * Hashes bearer values (authorization codes, refresh tokens, device codes, session ids) before they are
 * stored or looked up, so that a copy of a store holds nothing a caller can present. The values are
 * high-entropy random strings, so an unkeyed, unsalted SHA-256 suffices and keeps lookups a plain index
 * access.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10.3">RFC 6749 section 10.3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6819#section-5.1.4.1.3">RFC 6819 section
 *     5.1.4.1.3</a>
 */
public final class TokenHashes {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /**
     * A digest that is never used itself, only cloned: a clone skips the provider lookup of {@link
     * MessageDigest#getInstance}, which costs more than hashing a token (this runs on every lookup of a code,
     * refresh token, device code or session).
     */
    private static final MessageDigest PROTOTYPE = newSha256();

    private TokenHashes() {}

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) { // a provider whose digest cannot be cloned
            return newSha256();
        }
    }

    /** The SHA-256 hash of the value's UTF-8 bytes, base64url-encoded without padding (43 characters). */
    public static String sha256(String value) {
        Objects.requireNonNull(value, "value");
        return BASE64URL.encodeToString(sha256Digest().digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
