package io.authdesign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OAuth2ErrorTest {

    @Test
    void codeWhenOutsideRfc6749CharsetThenRejected() {
        assertThatThrownBy(() -> OAuth2ErrorCode.of("bad\"code")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OAuth2ErrorCode.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(OAuth2ErrorCode.of("urn:example:custom")).isEqualTo(new OAuth2ErrorCode("urn:example:custom"));
    }

    @Test
    void jsonWhenDescriptionHasForbiddenCharsThenReplacedBySpaces() {
        OAuth2Error error = OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, "bad \"code\"\nü\\x");

        assertThat(error.toJsonObject())
                .isEqualTo(Map.of("error", "invalid_grant", "error_description", "bad  code    x"));
    }

    @Test
    void jsonWhenOnlyCodeThenNoDescriptionMember() {
        assertThat(OAuth2Error.of(OAuth2ErrorCode.SLOW_DOWN).toJsonObject()).isEqualTo(Map.of("error", "slow_down"));
    }

    @Test
    void withCopiesKeepTheRest() {
        OAuth2Error error = OAuth2Error.of(OAuth2ErrorCode.ACCESS_DENIED, "a")
                .withUri("https://example.com/e")
                .withDescription("b");

        assertThat(error).isEqualTo(new OAuth2Error(OAuth2ErrorCode.ACCESS_DENIED, "b", "https://example.com/e"));
    }

    @Test
    void tokenResponseWhenAllSettersThenStandardMembersThenExtras() {
        OAuth2TokenResponse response = new OAuth2TokenResponse("at")
                .setExpiresIn(60)
                .setRefreshToken("rt")
                .setScope(java.util.List.of("a", "b"))
                .setIdToken("idt")
                .set("authorization_details", java.util.List.of());

        assertThat(response.toJsonObject("Bearer"))
                .containsExactly(
                        Map.entry("access_token", "at"),
                        Map.entry("token_type", "Bearer"),
                        Map.entry("expires_in", 60L),
                        Map.entry("refresh_token", "rt"),
                        Map.entry("scope", "a b"),
                        Map.entry("id_token", "idt"),
                        Map.entry("authorization_details", java.util.List.of()));
        assertThatThrownBy(() -> response.set("access_token", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OAuth2TokenResponse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
