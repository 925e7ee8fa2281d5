package io.authdesign.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
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

    /** A verifier for an Ed25519 public JWK, on the JDK's implementation. */
    public static JWSVerifier ed25519Verifier(OctetKeyPair key) throws JOSEException {
        return new JdkEd25519.Verifier(key.toPublicJWK());
    }
}
