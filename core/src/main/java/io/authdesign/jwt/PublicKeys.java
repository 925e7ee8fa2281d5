package io.authdesign.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A client's public keys, as a {@code private_key_jwt} key lookup returns them: from a JWK Set document
 * (the client's {@code jwks}), or from JDK public keys. Private members in a parsed document are dropped.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
 */
public final class PublicKeys {

    private final JWKSet keys;

    private PublicKeys(JWKSet keys) {
        this.keys = keys.toPublicJWKSet();
    }

    /**
     * Parses a JWK Set ({@code {"keys": [...]}}) or a single JWK.
     *
     * @param json the JSON document
     * @return the keys
     * @throws IllegalArgumentException when the document is not a JWK or JWK Set
     */
    public static PublicKeys parse(String json) {
        try {
            Map<String, Object> document = JSONObjectUtils.parse(json);
            return new PublicKeys(
                    document.containsKey("keys") ? JWKSet.parse(document) : new JWKSet(JWK.parse(document)));
        } catch (ParseException e) {
            throw new IllegalArgumentException("Not a JWK or JWK Set: " + e.getMessage(), e);
        }
    }

    /**
     * Wraps a parsed JWK Set, keeping the public members only.
     *
     * @param set the set
     * @return the keys
     */
    public static PublicKeys of(JWKSet set) {
        return new PublicKeys(set);
    }

    /**
     * Wraps JDK public keys: RSA, EC (P-256, P-384, P-521) or Ed25519; an Ed448 or X25519 key is refused.
     *
     * @param publicKeys the keys
     * @return the keys
     * @throws IllegalArgumentException for another kind of key
     */
    public static PublicKeys of(PublicKey... publicKeys) {
        List<JWK> jwks = new ArrayList<>();
        for (PublicKey key : publicKeys) {
            jwks.add(toJwk(key));
        }
        return new PublicKeys(new JWKSet(jwks));
    }

    private static JWK toJwk(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec) {
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
        }
        if (key instanceof EdECKey ed && ed.getParams().getName().equalsIgnoreCase("Ed25519")) {
            byte[] encoded = key.getEncoded();
            byte[] x = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).build();
        }
        throw new IllegalArgumentException("Unsupported public key type " + key.getAlgorithm());
    }

    /** The keys as a Nimbus JWK Set (public members only). */
    public JWKSet jwkSet() {
        return keys;
    }

    /**
     * Verifiers for a JWS with this header: the keys with its {@code kid} (every key when it names none)
     * whose type fits its algorithm, that are not marked for another use or algorithm, and whose size
     * {@link KeyStrength} accepts (an RSA key under 2048 bits verifies nothing).
     *
     * @param header the JWS header
     * @return the verifiers, empty when no key fits
     * @throws JOSEException when a key cannot make a verifier
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc7515#section-4.1.4">RFC 7515 section 4.1.4</a>
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc7518#section-3.3">RFC 7518 section 3.3</a>
     */
    public List<JWSVerifier> verifiersFor(JWSHeader header) throws JOSEException {
        JWSAlgorithm alg = header.getAlgorithm();
        String kid = header.getKeyID();
        List<JWSVerifier> verifiers = new ArrayList<>();
        for (JWK key : keys.getKeys()) {
            if ((kid == null || kid.equals(key.getKeyID())) && usableFor(key, alg) && KeyStrength.isAcceptable(key)) {
                verifiers.add(verifier(key));
            }
        }
        return verifiers;
    }

    private static boolean usableFor(JWK key, JWSAlgorithm alg) {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            return false;
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
            return false;
        }
        KeyType type = key.getKeyType();
        return (JWSAlgorithm.Family.RSA.contains(alg) && KeyType.RSA.equals(type))
                || (JWSAlgorithm.Family.EC.contains(alg) && KeyType.EC.equals(type))
                || (JWSAlgorithm.EdDSA.equals(alg) && KeyType.OKP.equals(type));
    }

    private static JWSVerifier verifier(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa.toPublicJWK());
        }
        if (key instanceof ECKey ec) {
            return new ECDSAVerifier(ec.toPublicJWK());
        }
        return ed25519Verifier((OctetKeyPair) key);
    }

    /** A verifier for an Ed25519 public JWK, on the JDK's implementation. */
    public static JWSVerifier ed25519Verifier(OctetKeyPair key) throws JOSEException {
        return new JdkEd25519.Verifier(key.toPublicJWK());
    }
}
