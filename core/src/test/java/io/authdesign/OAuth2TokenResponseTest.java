package io.authdesign;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The response's JSON is its members' map written (RFC 6749 section 5.1), however it is built. */
class OAuth2TokenResponseTest {

    private static void assertJsonIsMapWritten(OAuth2TokenResponse response, String defaultTokenType) {
        assertThat(new String(response.toJson(defaultTokenType), StandardCharsets.UTF_8))
                .isEqualTo(new String(Json.write(response.toJsonObject(defaultTokenType)), StandardCharsets.UTF_8));
    }

    @Test
    void jsonWhenMembersPresentOrAbsentThenSameAsMapWritten() {
        assertJsonIsMapWritten(new OAuth2TokenResponse("at"), "Bearer");
        assertJsonIsMapWritten(new OAuth2TokenResponse("at").setExpiresIn(3600).setScope("read write"), "DPoP");
        assertJsonIsMapWritten(
                new OAuth2TokenResponse("at")
                        .setTokenType("N_A")
                        .setExpiresIn(0)
                        .setRefreshToken("rt")
                        .setScope("")
                        .setIdToken("id"),
                "Bearer");
        assertJsonIsMapWritten(new OAuth2TokenResponse("at").setTokenType(""), "Bearer");
    }

    @Test
    void jsonWhenAdditionalParametersThenWrittenAfterStandardOnes() {
        OAuth2TokenResponse response = new OAuth2TokenResponse("at")
                .setExpiresIn(60)
                .set("authorization_details", List.of(Map.of("type", "payment")))
                .set("issued_token_type", "urn:ietf:params:oauth:token-type:access_token")
                .set("nothing", null);
        assertJsonIsMapWritten(response, "Bearer");
        assertThat(new String(response.toJson("Bearer"), StandardCharsets.UTF_8))
                .startsWith("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":60,"
                        + "\"authorization_details\":");
    }

    @Test
    void jsonWhenValueNotPlainOrNoTokenTypeThenWrittenByJackson() {
        assertJsonIsMapWritten(new OAuth2TokenResponse("at").set("ratio", 1.5), "Bearer");
        assertJsonIsMapWritten(new OAuth2TokenResponse("at").setExpiresIn(1), null);
    }
}
