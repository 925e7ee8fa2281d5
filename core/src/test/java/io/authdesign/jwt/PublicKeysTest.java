package io.authdesign.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class PublicKeysTest {

    private static PublicKey generate(String algorithm) throws Exception {
        return KeyPairGenerator.getInstance(algorithm).generateKeyPair().getPublic();
    }

    @Test
    void ofWhenEd25519KeyThenOkpJwkWithItsRawPublicKey() throws Exception {
        PublicKey key = generate("Ed25519");

        JWK jwk = PublicKeys.of(key).jwkSet().getKeys().get(0);

        assertThat(jwk).isInstanceOf(OctetKeyPair.class);
        assertThat(((OctetKeyPair) jwk).getCurve()).isEqualTo(Curve.Ed25519);
        byte[] encoded = key.getEncoded();
        assertThat(((OctetKeyPair) jwk).getDecodedX())
                .isEqualTo(java.util.Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    @Test
    void ofWhenEd448OrX25519KeyThenIllegalArgument() throws Exception {
        for (String algorithm : new String[] {"Ed448", "X25519"}) {
            PublicKey key = generate(algorithm);
            assertThatThrownBy(() -> PublicKeys.of(key)).as(algorithm).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void ofWhenEcP384KeyThenEcJwkOnThatCurve() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));

        JWK jwk = PublicKeys.of(generator.generateKeyPair().getPublic())
                .jwkSet()
                .getKeys()
                .get(0);

        assertThat(((ECKey) jwk).getCurve()).isEqualTo(Curve.P_384);
    }

    @Test
    void parseWhenSingleJwkWhoseValuesMentionKeysThenParsedAsOneJwk() {
        String jwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"keys\","
                + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";

        assertThat(PublicKeys.parse(jwk).jwkSet().getKeys())
                .singleElement()
                .satisfies(key -> assertThat(key.getKeyID()).isEqualTo("keys"));
    }

    @Test
    void parseWhenNotJsonOrNotAJwkThenIllegalArgument() {
        assertThatThrownBy(() -> PublicKeys.parse("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicKeys.parse("{\"keys\":\"no\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicKeys.parse("{\"kty\":\"nope\"}")).isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 7518 section 3.3: request objects and client assertions are verified only with 2048 to 8192-bit RSA keys. */
    @Test
    void verifiersForWhenRsaKeyUnder2048BitsThenNoneAndFrom2048BitsOne() throws Exception {
        JWSHeader rs256 = new JWSHeader(JWSAlgorithm.RS256);
        for (int bits : new int[] {512, 1024}) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            assertThat(PublicKeys.of(generator.generateKeyPair().getPublic()).verifiersFor(rs256))
                    .as("%d bits", bits)
                    .isEmpty();
        }
        assertThat(PublicKeys.of(generate("RSA")).verifiersFor(rs256)).hasSize(1);
    }
}
