package io.authdesign.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PkceTest {

    /** RFC 7636 appendix B. */
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void s256WhenRfc7636AppendixBVectorThenMatches() {
        assertThat(Pkce.s256Challenge(VERIFIER)).isEqualTo(CHALLENGE);
        assertThat(Pkce.verifyCodeVerifier(VERIFIER, CHALLENGE)).isTrue();
    }

    @Test
    void verifyWhenVerifierDiffersThenFalse() {
        assertThat(Pkce.verifyCodeVerifier(VERIFIER.replace('d', 'e'), CHALLENGE))
                .isFalse();
        assertThat(Pkce.verifyCodeVerifier(VERIFIER, null)).isFalse();
    }

    @Test
    void verifyWhenVerifierMalformedThenFalseEvenIfHashMatches() {
        String shortVerifier = "abc";
        assertThat(Pkce.verifyCodeVerifier(shortVerifier, Pkce.s256Challenge(shortVerifier)))
                .isFalse();
        String badChars = "a".repeat(42) + "!";
        assertThat(Pkce.verifyCodeVerifier(badChars, Pkce.s256Challenge(badChars)))
                .isFalse();
        String tooLong = "a".repeat(129);
        assertThat(Pkce.verifyCodeVerifier(tooLong, Pkce.s256Challenge(tooLong)))
                .isFalse();
        assertThat(Pkce.isWellFormedVerifier("a".repeat(43))).isTrue();
        assertThat(Pkce.isWellFormedVerifier("a".repeat(128))).isTrue();
    }
}
