package io.authdesign.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeCryptoTest {

    @Test
    void installIfAvailableWhenProviderNotOnClasspathThenJcaAndSameAnswerEveryTime() {
        boolean present;
        try {
            Class.forName(NativeCrypto.ACCP_CLASS);
            present = true;
        } catch (ClassNotFoundException e) {
            present = false;
        }

        var first = NativeCrypto.installIfAvailable();

        assertThat(NativeCrypto.installIfAvailable()).isSameAs(first);
        if (!present) {
            assertThat(first).isEmpty();
        }
    }
}
