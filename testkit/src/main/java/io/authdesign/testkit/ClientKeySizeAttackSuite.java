package io.authdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.opts.AllowWeakRSAKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.PrivateKeyJwt;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.jwt.PublicKeys;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client-supplied RSA keys of the wrong size, over HTTP: a DPoP proof or a {@code private_key_jwt}
 * assertion signed with a 512- or 1024-bit key is refused (RFC 7518 section 3.3 requires 2048 bits or
 * more), so is a key above 8192 bits, and so is a {@code jti} longer than 256 characters; 2048-bit keys and
 * a 256-character {@code jti} pass.
 */
public abstract class ClientKeySizeAttackSuite {

    private static final String ISSUER = Designs.ISSUER;
    private static final String HTU = ISSUER + TestServer.TOKEN;
    private static final SecureRandom RANDOM = new SecureRandom(new byte[] {11});

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signer that signs with RSA keys of any size, as an attacker's would. */
    private static RSASSASigner weakSigner(java.security.PrivateKey key) {
        return new RSASSASigner(key, Set.of(AllowWeakRSAKey.getInstance()));
    }

    /** A DPoP flow accepting RS256 proofs, and private_key_jwt with {@code clientKey}. */
    private TestServer start(KeyPair clientKey) {
        server = TestServer.start(OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .setTokenType(new DPoPToken().setRequired(false).addAlgorithm("RS256"))
                .addClientAuthenticationMethod("client_secret_basic")
                .addClientAuthenticationMethod(new PrivateKeyJwt()
                        .getPublicKeyForClient((id, claims, assertion) -> PublicKeys.of(clientKey.getPublic())))
                .useAccessTokenJwks(true)
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse(
                                ctx.createJwtAccessToken(Map.of()).token())
                        .setExpiresIn(60)))
                .build());
        return server;
    }

    /** An RS256 proof with this public JWK in its header, signed with {@code key}. */
    private static String proof(RSAPublicKey publicKey, RSAPrivateKey key, String jti) {
        Map<String, Object> header = Map.of(
                "typ", "dpop+jwt",
                "alg", "RS256",
                "jwk", new RSAKey.Builder(publicKey).build().toJSONObject());
        Map<String, Object> claims = DPoPProofs.claims("POST", HTU);
        claims.put("jti", jti);
        return DPoPProofs.sign(header, claims, weakSigner(key), JWSAlgorithm.RS256);
    }

    private static String proof(KeyPair pair) {
        return proof(
                (RSAPublicKey) pair.getPublic(),
                (RSAPrivateKey) pair.getPrivate(),
                UUID.randomUUID().toString());
    }

    private Reply withProof(String proof) {
        return server.post(TestServer.TOKEN)
                .basic("svc", "secret")
                .header("DPoP", proof)
                .form("grant_type", "client_credentials")
                .send();
    }

    private static void assertInvalidProof(Reply reply, String description) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.json())
                .containsEntry("error", "invalid_dpop_proof")
                .containsEntry("error_description", description);
    }

    @Test
    void dpopProofSignedWith512Or1024BitRsaKeyThenInvalidDpopProof() {
        start(rsa(2048));

        String tooSmall = "The DPoP proof key size is not accepted (RSA: 2048 to 8192 bits)";
        assertInvalidProof(withProof(proof(rsa(512))), tooSmall);
        assertInvalidProof(withProof(proof(rsa(1024))), tooSmall);
        Reply strong = withProof(proof(rsa(2048)));
        assertThat(strong.status()).as("%s", strong).isEqualTo(200);
        assertThat(strong.json()).containsEntry("token_type", "DPoP");
    }

    @Test
    void dpopProofWithAnRsaKeyAbove8192BitsThenRefusedBeforeAnyVerification() {
        start(rsa(2048));
        KeyPair real = rsa(2048);
        // a 9000-bit modulus: never used, the size is refused before the signature is checked
        BigInteger modulus = new BigInteger(9000, RANDOM).setBit(8999).setBit(0);
        RSAPublicKey huge = toPublic(modulus);

        assertInvalidProof(
                withProof(proof(huge, (RSAPrivateKey) real.getPrivate(), "jti-1")),
                "The DPoP proof key size is not accepted (RSA: 2048 to 8192 bits)");
    }

    private static RSAPublicKey toPublic(BigInteger modulus) {
        try {
            return new RSAKey.Builder(Base64URL.encode(modulus), Base64URL.encode(BigInteger.valueOf(65537)))
                    .build()
                    .toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void dpopProofJtiLongerThan256CharactersThenInvalidDpopProof() {
        start(rsa(2048));
        KeyPair key = rsa(2048);
        RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
        RSAPrivateKey privateKey = (RSAPrivateKey) key.getPrivate();

        assertInvalidProof(withProof(proof(publicKey, privateKey, "j".repeat(257))), "The DPoP proof jti is too long");
        Reply longest = withProof(proof(publicKey, privateKey, "j".repeat(256)));
        assertThat(longest.status()).as("%s", longest).isEqualTo(200);
    }

    private static String assertion(KeyPair key, String jti) {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
                new JWTClaimsSet.Builder()
                        .issuer("svc")
                        .subject("svc")
                        .audience(HTU)
                        .jwtID(jti)
                        .expirationTime(Date.from(now.plusSeconds(60)))
                        .build());
        try {
            jwt.sign(weakSigner(key.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private Reply withAssertion(String assertion) {
        return server.post(TestServer.TOKEN)
                .form(
                        "grant_type", "client_credentials",
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion", assertion)
                .send();
    }

    private static void assertInvalidClient(Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void privateKeyJwtAssertionSignedWithA1024BitRegisteredKeyThenInvalidClient() {
        KeyPair weak = rsa(1024);
        start(weak);

        assertInvalidClient(withAssertion(assertion(weak, UUID.randomUUID().toString())));
    }

    @Test
    void privateKeyJwtAssertionJtiLongerThan256CharactersThenInvalidClient() {
        KeyPair key = rsa(2048);
        start(key);

        assertInvalidClient(withAssertion(assertion(key, "j".repeat(257))));
        Reply longest = withAssertion(assertion(key, "j".repeat(256)));
        assertThat(longest.status()).as("%s", longest).isEqualTo(200);
    }
}
