package io.authdesign.keys;

import java.time.Instant;
import java.util.Objects;

/**
 * A signing key pair as a key store keeps it.
 *
 * @param kid the key id, unique
 * @param algorithm the JOSE algorithm name, such as {@code ES256}
 * @param privateJwk the private key as a JWK JSON object (it holds the private members: protect it)
 * @param publicJwk the public key as a JWK JSON object
 * @param createdAt when the key was made
 * @param activatesAt when it may start signing; it is published from {@code createdAt}, so that relying
 *     parties that cache the JWKS see it before any token signed with it
 * @param expiresAt when its public half stops being published
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517">RFC 7517</a>
 */
public record StoredKey(
        String kid,
        String algorithm,
        String privateJwk,
        String publicJwk,
        Instant createdAt,
        Instant activatesAt,
        Instant expiresAt) {

    /** Validates the components. */
    public StoredKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(privateJwk, "privateJwk");
        Objects.requireNonNull(publicJwk, "publicJwk");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(activatesAt, "activatesAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the public half is still published at {@code now}. */
    public boolean isPublishedAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "StoredKey[kid=" + kid + ", algorithm=" + algorithm + ", expiresAt=" + expiresAt + "]";
    }
}
