package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenHashesTest {

    @Test
    void sha256WhenFipsVectorAbcThenBase64urlOfKnownDigest() {
        // FIPS 180-2 appendix B.1: SHA-256("abc") = ba7816bf 8f01cfea ... f20015ad
        assertThat(TokenHashes.sha256("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    }

    @Test
    void sha256WhenAnyValueThenUnpaddedAndNotTheValue() {
        String hash = TokenHashes.sha256("a-refresh-token");
        assertThat(hash).hasSize(43).doesNotContain("=").isNotEqualTo("a-refresh-token");
    }
}
