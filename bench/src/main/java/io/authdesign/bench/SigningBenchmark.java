package io.authdesign.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Raw signing of a typical access token's signing input, the baseline of the token endpoint's ratios:
 * Nimbus's ECDSASigner (ES256) and RSASSASigner (RS256, 2048-bit), and the JCA Ed25519 signature the
 * library's EdDSA signer wraps. Run with {@code -t 2} for the two-thread rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigningBenchmark {

    @Param({"ES256", "RS256", "EdDSA"})
    public String algorithm;

    @Param({"jca", "native"})
    public String crypto;

    private JWSSigner signer;
    private JWSHeader header;
    private PrivateKey ed25519;
    private byte[] input;

    @Setup
    public void setUp() throws Exception {
        Fixtures.crypto(crypto);
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        header = new JWSHeader.Builder(alg)
                .type(new JOSEObjectType("at+jwt"))
                .keyID("0123456789abcdef0123456789abcdef0123456789a")
                .build();
        String claims = "{\"iss\":\"https://auth.example.com\",\"sub\":\"svc\",\"aud\":\"https://auth.example.com\","
                + "\"exp\":1900000000,\"iat\":1899996400,\"jti\":\"6f1c3a58-8f0e-4a55-9b8e-6c1b2f1d0a11\","
                + "\"client_id\":\"svc\",\"scope\":\"read\"}";
        input = (header.toBase64URL() + "." + Base64URL.encode(claims.getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.US_ASCII);
        switch (algorithm) {
            case "ES256" -> signer = new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate());
            case "RS256" -> signer = new RSASSASigner(new RSAKeyGenerator(2048).generate());
            case "EdDSA" ->
                ed25519 = KeyPairGenerator.getInstance("Ed25519")
                        .generateKeyPair()
                        .getPrivate();
            default -> throw new IllegalArgumentException(algorithm);
        }
    }

    @Benchmark
    public Object sign() throws Exception {
        if (ed25519 != null) {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(ed25519);
            signature.update(input);
            return Base64URL.encode(signature.sign());
        }
        return signWithNimbus();
    }

    private Base64URL signWithNimbus() throws JOSEException {
        return signer.sign(header, input);
    }
}
