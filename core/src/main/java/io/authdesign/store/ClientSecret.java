package io.authdesign.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One secret of a registered client, as its keyed hash. A client holds several during a rotation: the new
 * one without expiry, the old one until {@code expiresAt}.
 *
 * @param hash the {@link ClientSecretHasher#hash keyed hash} of the secret, never the secret itself
 * @param expiresAt when the secret stops being accepted, or {@code null} for never
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7591#section-3.2.1">RFC 7591 section 3.2.1
 *     ({@code client_secret_expires_at})</a>
 */
public record ClientSecret(String hash, Instant expiresAt) {

    /** Validates the components. */
    public ClientSecret {
        Objects.requireNonNull(hash, "hash");
        if (hash.isBlank()) {
            throw new IllegalArgumentException("A client secret hash must not be blank");
        }
    }

    /** A secret that does not expire. */
    public static ClientSecret of(String hash) {
        return new ClientSecret(hash, null);
    }

    /** Whether the secret is accepted at {@code now}. */
    public boolean isActiveAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "ClientSecret[expiresAt=" + expiresAt + "]";
    }
}
