package io.authdesign.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The RFC 6750 section 2.1 {@code b64token} grammar a bearer token must match. */
class B64TokenTest {

    @Test
    void tokensOfTheGrammarAreAccepted() {
        assertThat(BearerAuthenticator.isB64Token("abc.DEF-123_~+/")).isTrue();
        assertThat(BearerAuthenticator.isB64Token("abc==")).isTrue();
        assertThat(BearerAuthenticator.isB64Token("a")).isTrue();
    }

    @Test
    void anythingElseIsRefused() {
        assertThat(BearerAuthenticator.isB64Token("")).isFalse();
        assertThat(BearerAuthenticator.isB64Token("=")).isFalse();
        assertThat(BearerAuthenticator.isB64Token("==abc")).isFalse();
        assertThat(BearerAuthenticator.isB64Token("abc=def")).isFalse();
        assertThat(BearerAuthenticator.isB64Token("abc def")).isFalse();
        assertThat(BearerAuthenticator.isB64Token("abc%")).isFalse();
        assertThat(BearerAuthenticator.isB64Token("abc\u00e9")).isFalse();
        assertThat(BearerAuthenticator.isB64Token("abc\n")).isFalse();
        assertThat(BearerAuthenticator.isB64Token("ab\"c")).isFalse();
    }
}
