package io.authdesign.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * The algorithms AuthDesign signs its own tokens with. ES256 is the default for access tokens; RS256 is
 * always available for ID tokens, since OpenID Connect requires it; EdDSA uses Ed25519 on the JDK's own
 * implementation.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7518#section-3.1">RFC 7518 section 3.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8037">RFC 8037</a>
 */
public enum SigningAlgorithm {
    /** ECDSA with P-256 and SHA-256. */
    ES256(JWSAlgorithm.ES256),
    /** RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys. */
    RS256(JWSAlgorithm.RS256),
    /** RSASSA-PSS with SHA-256, 2048-bit keys. */
    PS256(JWSAlgorithm.PS256),
    /** EdDSA with Ed25519. */
    EdDSA(JWSAlgorithm.EdDSA);

    private final JWSAlgorithm jws;

    SigningAlgorithm(JWSAlgorithm jws) {
        this.jws = jws;
    }

    /** The JOSE algorithm. */
    public JWSAlgorithm jws() {
        return jws;
    }

    /**
     * The algorithm with this JOSE name.
     *
     * @param name such as {@code ES256}
     * @return the algorithm
     * @throws IllegalArgumentException when AuthDesign does not sign with it
     */
    public static SigningAlgorithm of(String name) {
        for (SigningAlgorithm algorithm : values()) {
            if (algorithm.jws.getName().equals(name)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("Unsupported signing algorithm '" + name + "' (ES256, RS256, PS256, EdDSA)");
    }

    /** Generates a private key for this algorithm, with {@code kid}, {@code alg} and {@code use: sig}. */
    JWK generate(String kid) throws JOSEException {
        return switch (this) {
            case ES256 ->
                new ECKeyGenerator(Curve.P_256)
                        .keyID(kid)
                        .algorithm(jws)
                        .keyUse(KeyUse.SIGNATURE)
                        .generate();
            case RS256, PS256 ->
                new RSAKeyGenerator(2048)
                        .keyID(kid)
                        .algorithm(jws)
                        .keyUse(KeyUse.SIGNATURE)
                        .generate();
            case EdDSA -> JdkEd25519.generate(kid);
        };
    }

    /** A signer for a private key of this algorithm. */
    JWSSigner signer(JWK key) throws JOSEException {
        return switch (this) {
            case ES256 -> new ECDSASigner((ECKey) key);
            case RS256, PS256 -> new RSASSASigner((RSAKey) key);
            case EdDSA -> new JdkEd25519.Signer((OctetKeyPair) key);
        };
    }

    /** A verifier for a public key of this algorithm. */
    JWSVerifier verifier(JWK key) throws JOSEException {
        return verifierFor(jws, key);
    }

    /** A verifier for any asymmetric JOSE algorithm and a matching public key. */
    static JWSVerifier verifierFor(JWSAlgorithm algorithm, JWK key) throws JOSEException {
        if (key instanceof ECKey ec) {
            return new ECDSAVerifier(ec.toPublicJWK());
        }
        if (key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa.toPublicJWK());
        }
        if (key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
            return new JdkEd25519.Verifier(okp.toPublicJWK());
        }
        throw new JOSEException("No verifier for a " + key.getKeyType() + " key with " + algorithm);
    }
}
