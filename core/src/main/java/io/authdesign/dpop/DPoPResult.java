package io.authdesign.dpop;

import java.util.Objects;

/**
 * The outcome of checking a DPoP proof.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-4.3">RFC 9449 section 4.3</a>
 */
public sealed interface DPoPResult permits DPoPResult.Valid, DPoPResult.Invalid, DPoPResult.UseNonce {

    /**
     * The proof is valid.
     *
     * @param jkt the RFC 7638 SHA-256 thumbprint of the proof's key
     */
    record Valid(String jkt) implements DPoPResult {
        /** Validates the thumbprint. */
        public Valid {
            Objects.requireNonNull(jkt, "jkt");
        }
    }

    /**
     * The proof is invalid.
     *
     * @param description the client-facing reason
     */
    record Invalid(String description) implements DPoPResult {}

    /**
     * The proof lacks the current server nonce: the client must retry with this one (RFC 9449 section 8).
     *
     * @param nonce the nonce to send in {@code DPoP-Nonce}
     */
    record UseNonce(String nonce) implements DPoPResult {}
}
