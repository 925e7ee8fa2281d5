package io.authdesign.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One private key's JCA {@link Signature}s, initialised once and reused: a {@code Signature} returns to its
 * initialised state after {@code sign()} (its contract), so a token costs no provider look-up, no new
 * {@code SecureRandom} and no fresh input buffers, which is what the JWT library's signers create for every
 * signature. The signature value is the same as theirs: ES256's DER signature transcoded to {@code R || S}
 * (RFC 7518 section 3.4), RS256's and Ed25519's as they come.
 *
 * <p>Requests run on virtual threads, so the objects are lent from a small lock-free array rather than
 * kept per thread; when every one is lent a new one is made, and one returned to a full array is dropped.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7518#section-3.4">RFC 7518 section 3.4</a>
 */
final class SignaturePool {

    private static final int SLOTS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private final String jcaName;
    private final PrivateKey key;
    private final Provider provider;
    private final int concatLength;
    private final int signatureLength;
    private final AtomicReferenceArray<Signature> idle = new AtomicReferenceArray<>(SLOTS);

    private SignaturePool(String jcaName, PrivateKey key, Provider provider, int concatLength, int signatureLength) {
        this.jcaName = jcaName;
        this.key = key;
        this.provider = provider;
        this.concatLength = concatLength;
        this.signatureLength = signatureLength;
    }

    /**
     * The pool of a signer made by {@link SigningAlgorithm#signer}, or {@code null} when its algorithm
     * has none (PS256: its parameters stay with the JWT library's signer).
     */
    static SignaturePool of(SigningAlgorithm algorithm, JWSSigner signer) {
        Provider provider = signer.getJCAContext().getProvider();
        if (algorithm == SigningAlgorithm.ES256 && signer instanceof ECDSASigner ec) {
            // R || S straight from the provider (JDK 9+ and the native provider have it); DER is transcoded
            return new SignaturePool("SHA256withECDSAinP1363Format", ec.getPrivateKey(), provider, 64, 64);
        }
        if (algorithm == SigningAlgorithm.RS256
                && signer instanceof RSASSASigner rsa
                && rsa.getPrivateKey() instanceof RSAPrivateKey rsaKey) {
            int length = (rsaKey.getModulus().bitLength() + 7) / 8;
            return new SignaturePool("SHA256withRSA", rsaKey, provider, 0, length);
        }
        if (algorithm == SigningAlgorithm.EdDSA && signer instanceof JdkEd25519.Signer ed) {
            return new SignaturePool("Ed25519", ed.key(), provider, 0, 64);
        }
        return null;
    }

    /** The length of the signature value {@link #sign} returns, in bytes. */
    int signatureLength() {
        return signatureLength;
    }

    /**
     * Signs bytes.
     *
     * @param input the buffer holding the signing input
     * @param length the signing input's length, from the buffer's start
     * @return the JWS signature value
     */
    byte[] sign(byte[] input, int length) throws JOSEException {
        Signature signature = borrow();
        byte[] value;
        try {
            signature.update(input, 0, length);
            value = signature.sign();
        } catch (GeneralSecurityException e) {
            // not returned: its state is unknown
            throw new JOSEException("Signing failed", e);
        }
        boolean der = concatLength > 0 && !signature.getAlgorithm().endsWith("P1363Format");
        giveBack(signature);
        return der ? ECDSA.transcodeSignatureToConcat(value, concatLength) : value;
    }

    private Signature borrow() throws JOSEException {
        for (int i = 0; i < SLOTS; i++) {
            if (idle.get(i) != null) {
                Signature signature = idle.getAndSet(i, null);
                if (signature != null) {
                    return signature;
                }
            }
        }
        try {
            Signature signature;
            try {
                signature =
                        provider == null ? Signature.getInstance(jcaName) : Signature.getInstance(jcaName, provider);
            } catch (NoSuchAlgorithmException e) {
                if (concatLength == 0) {
                    throw e;
                }
                // a provider without the P1363 format: its DER signatures are transcoded
                String der = jcaName.substring(0, jcaName.indexOf("in"));
                signature = provider == null ? Signature.getInstance(der) : Signature.getInstance(der, provider);
            }
            signature.initSign(key);
            return signature;
        } catch (GeneralSecurityException e) {
            throw new JOSEException("No " + jcaName + " signature for the key", e);
        }
    }

    private void giveBack(Signature signature) {
        for (int i = 0; i < SLOTS; i++) {
            if (idle.get(i) == null && idle.compareAndSet(i, null, signature)) {
                return;
            }
        }
    }
}
