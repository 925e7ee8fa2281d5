package io.authdesign.dpop;

import java.util.Objects;

/**
 * The outcome of the stateless checks of a DPoP proof (parse, header, key, signature, claims, nonce): a
 * proof that passed them, whose {@code jti} is not recorded yet, or the refusal to send. Recording the
 * {@code jti} ({@link DPoPProofVerifier#record}) is a separate, last step, so that a request refused for
 * another reason leaves no replay entry behind.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-4.3">RFC 9449 section 4.3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-11.1">RFC 9449 section 11.1</a>
 */
public sealed interface DPoPVerification
        permits DPoPVerification.Verified, DPoPVerification.Accepted, DPoPVerification.Refused {

    /**
     * The proof passed every check that needs no state; it is accepted once its {@code jti} is recorded.
     *
     * @param jkt the RFC 7638 SHA-256 thumbprint of the proof's key
     * @param jti the proof's {@code jti}
     */
    record Verified(String jkt, String jti) implements DPoPVerification {
        /** Validates the components. */
        public Verified {
            Objects.requireNonNull(jkt, "jkt");
            Objects.requireNonNull(jti, "jti");
        }
    }

    /**
     * A replacing check ({@link DPoPToken#validateTokenRequest}, {@link DPoPToken#validate}) accepted the
     * proof: it made its own replay check, nothing is left to record.
     *
     * @param jkt the RFC 7638 SHA-256 thumbprint of the proof's key
     */
    record Accepted(String jkt) implements DPoPVerification {
        /** Validates the component. */
        public Accepted {
            Objects.requireNonNull(jkt, "jkt");
        }
    }

    /**
     * The proof is refused: {@link DPoPResult.Invalid}, or {@link DPoPResult.UseNonce} when it lacks the
     * current server nonce.
     *
     * @param result the refusal
     */
    record Refused(DPoPResult result) implements DPoPVerification {
        /** Validates the refusal. */
        public Refused {
            Objects.requireNonNull(result, "result");
            if (result instanceof DPoPResult.Valid) {
                throw new IllegalArgumentException("A refusal cannot be a valid proof");
            }
        }
    }
}
