package io.authdesign.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Set;

/**
 * Ed25519 JWS signing and verification on the JDK's own EdDSA implementation (Java 15+), so that EdDSA
 * needs no extra crypto library. Keys cross between the JWK's raw 32-byte {@code x}/{@code d} and the
 * JDK's encodings through the fixed DER prefixes of RFC 8410.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8037#section-3.1">RFC 8037 section 3.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8410#section-10">RFC 8410 section 10</a>
 */
final class JdkEd25519 {

    /** SubjectPublicKeyInfo for Ed25519, up to the 32 key bytes. */
    private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");
    /** PKCS #8 PrivateKeyInfo for Ed25519, up to the 32 seed bytes. */
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

    private JdkEd25519() {}

    static OctetKeyPair generate(String kid) throws JOSEException {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] x = tail(pair.getPublic().getEncoded(), X509_PREFIX.length);
            byte[] d = tail(pair.getPrivate().getEncoded(), PKCS8_PREFIX.length);
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x))
                    .d(Base64URL.encode(d))
                    .keyID(kid)
                    .algorithm(JWSAlgorithm.EdDSA)
                    .keyUse(KeyUse.SIGNATURE)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new JOSEException("Ed25519 key generation failed", e);
        }
    }

    private static PublicKey publicKey(OctetKeyPair key) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, key.getDecodedX())));
    }

    private static PrivateKey privateKey(OctetKeyPair key) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, key.getDecodedD())));
    }

    /** Signs with an Ed25519 private JWK. */
    static final class Signer implements JWSSigner {
        private final PrivateKey key;
        private final JCAContext jca = new JCAContext();

        Signer(OctetKeyPair jwk) throws JOSEException {
            if (!Curve.Ed25519.equals(jwk.getCurve()) || !jwk.isPrivate()) {
                throw new JOSEException("An Ed25519 private key is required");
            }
            try {
                this.key = privateKey(jwk);
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Invalid Ed25519 private key", e);
            }
        }

        /** The private key, for a {@link SignaturePool}. */
        PrivateKey key() {
            return key;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                throw new JOSEException("Ed25519 signs only EdDSA");
            }
            try {
                Signature signature = Signature.getInstance("Ed25519");
                signature.initSign(key);
                signature.update(signingInput);
                return Base64URL.encode(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 signing failed", e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }

    /** Verifies with an Ed25519 public JWK. */
    static final class Verifier implements JWSVerifier {
        private final PublicKey key;
        private final JCAContext jca = new JCAContext();

        Verifier(OctetKeyPair jwk) throws JOSEException {
            if (!Curve.Ed25519.equals(jwk.getCurve())) {
                throw new JOSEException("An Ed25519 public key is required");
            }
            try {
                this.key = publicKey(jwk);
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Invalid Ed25519 public key", e);
            }
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signedContent, Base64URL signature) throws JOSEException {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                return false;
            }
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(signedContent);
                return verifier.verify(signature.decode());
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }

    private static byte[] tail(byte[] encoded, int prefixLength) {
        return Arrays.copyOfRange(encoded, prefixLength, encoded.length);
    }

    private static byte[] concat(byte[] prefix, byte[] key) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, out, prefix.length, key.length);
        return out;
    }

    private static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
