package io.authdesign.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The size rule for keys a client supplies (DPoP proof keys, {@code private_key_jwt} keys, request
 * object keys): an RSA modulus of at least {@value #MIN_RSA_BITS} bits, as RFC 7518 section 3.3 requires
 * of RS* and PS* keys, and at most {@value #MAX_RSA_BITS} bits, so that a client cannot make every
 * verification cost the server an outsized key. EC and Ed25519 keys have their size fixed by their curve.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7518#section-3.3">RFC 7518 section 3.3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7518#section-3.5">RFC 7518 section 3.5</a>
 */
public final class KeyStrength {

    /** The smallest RSA modulus accepted, in bits (RFC 7518 section 3.3: "2048 bits or larger"). */
    public static final int MIN_RSA_BITS = 2048;

    /** The largest RSA modulus accepted, in bits. */
    public static final int MAX_RSA_BITS = 8192;

    private KeyStrength() {}

    /**
     * Whether a client's key may verify a signature.
     *
     * @param key the key
     * @return false for an RSA key smaller than {@value #MIN_RSA_BITS} or larger than {@value #MAX_RSA_BITS}
     *     bits, true otherwise
     */
    public static boolean isAcceptable(JWK key) {
        if (key instanceof RSAKey rsa) {
            int bits = rsa.size();
            return bits >= MIN_RSA_BITS && bits <= MAX_RSA_BITS;
        }
        return true;
    }
}
