package io.authdesign.jwt;

import java.util.Objects;

/**
 * A design's JWT keys and the two jobs done with them: the {@link KeyRing} (key snapshot, rotation,
 * publication), the {@link JwtSigner} and the {@link JwtVerifier}, sharing that ring. The flows of one design
 * (every flow of a {@code MultipleFlows}) share one authority.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7515">RFC 7515</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
 */
public final class JwtAuthority {

    private final KeyRing keyRing;
    private final JwtSigner signer;
    private final JwtVerifier verifier;

    /**
     * Creates the authority of a key ring: a signer and a verifier that use it.
     *
     * @param keyRing the keys
     */
    public JwtAuthority(KeyRing keyRing) {
        this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
        this.signer = new JwtSigner(keyRing);
        this.verifier = new JwtVerifier(keyRing);
    }

    /** The keys: which signs, which verifies, the published JWK Set, rotation. */
    public KeyRing keyRing() {
        return keyRing;
    }

    /** The signer, with the ring's active keys. */
    public JwtSigner signer() {
        return signer;
    }

    /** The verifier, with the ring's published keys. */
    public JwtVerifier verifier() {
        return verifier;
    }
}
