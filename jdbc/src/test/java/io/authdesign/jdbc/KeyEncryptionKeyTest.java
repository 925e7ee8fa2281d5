package io.authdesign.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyEncryptionKeyTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] AAD = "signing_keys:k1".getBytes(StandardCharsets.UTF_8);

    @Test
    void parseWhenBase64Of32BytesThenRoundTripsInEitherAlphabet() {
        KeyEncryptionKey key = KeyEncryptionKey.generate(RANDOM);
        byte[] raw = Base64.getDecoder().decode(key.toBase64());

        KeyEncryptionKey.Sealed sealed = key.seal("secret".getBytes(StandardCharsets.UTF_8), AAD, RANDOM);

        assertThat(KeyEncryptionKey.parse(key.toBase64()).open(sealed, AAD))
                .asString()
                .isEqualTo("secret");
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThat(KeyEncryptionKey.parse(url).open(sealed, AAD)).asString().isEqualTo("secret");
    }

    @Test
    void parseWhenNotBase64OrNot256BitsThenRejected() {
        assertThatThrownBy(() -> KeyEncryptionKey.parse("not base64!")).isInstanceOf(IllegalArgumentException.class);
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> KeyEncryptionKey.parse(short16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256 bits");
    }

    @Test
    void sealWhenCalledTwiceThenFreshNonceAndCiphertext() {
        KeyEncryptionKey key = KeyEncryptionKey.generate(RANDOM);
        byte[] plaintext = "same".getBytes(StandardCharsets.UTF_8);

        KeyEncryptionKey.Sealed first = key.seal(plaintext, AAD, RANDOM);
        KeyEncryptionKey.Sealed second = key.seal(plaintext, AAD, RANDOM);

        assertThat(first.nonce()).hasSize(KeyEncryptionKey.NONCE_LENGTH).isNotEqualTo(second.nonce());
        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
    }

    @Test
    void openWhenOtherKeyOrOtherAssociatedDataThenRefused() {
        KeyEncryptionKey key = KeyEncryptionKey.generate(RANDOM);
        KeyEncryptionKey.Sealed sealed = key.seal("secret".getBytes(StandardCharsets.UTF_8), AAD, RANDOM);
        byte[] otherKid = "signing_keys:k2".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> KeyEncryptionKey.generate(RANDOM).open(sealed, AAD))
                .isInstanceOf(KeyEncryptionKey.WrongKeyException.class);
        assertThatThrownBy(() -> key.open(sealed, otherKid)).isInstanceOf(KeyEncryptionKey.WrongKeyException.class);
    }

    @Test
    void toStringWhenPrintedThenNoKeyMaterial() {
        KeyEncryptionKey key = KeyEncryptionKey.generate(RANDOM);
        assertThat(key.toString()).doesNotContain(key.toBase64());
    }
}
