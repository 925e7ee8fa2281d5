package io.authdesign.ready;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StandardClaimsTest {

    private static final Map<String, Object> USER = Map.of(
            "sub", "alice",
            "name", "Alice",
            "email", "alice@example.com",
            "email_verified", true,
            "phone_number", "+1 555",
            "birthdate", "1990-01-01");

    @Test
    void releaseWhenScopesThenOnlyTheirClaimsAndNeverSub() {
        assertThat(StandardClaims.release(Set.of("openid", "email"), USER, null, "userinfo"))
                .isEqualTo(Map.of("email", "alice@example.com", "email_verified", true));
        assertThat(StandardClaims.release(Set.of("profile"), USER, null, "userinfo"))
                .isEqualTo(Map.of("name", "Alice", "birthdate", "1990-01-01"));
    }

    @Test
    void releaseWhenClaimsParameterThenRequestedClaimsForThatTargetOnly() {
        String claims = "{\"userinfo\":{\"phone_number\":null},\"id_token\":{\"email\":{\"essential\":true}}}";

        assertThat(StandardClaims.release(Set.of("openid"), USER, claims, "id_token"))
                .isEqualTo(Map.of("email", "alice@example.com"));
        assertThat(StandardClaims.release(Set.of("openid"), USER, claims, "userinfo"))
                .isEqualTo(Map.of("phone_number", "+1 555"));
        assertThat(StandardClaims.requested(claims, "userinfo")).containsExactly("phone_number");
    }

    @Test
    void forUserinfoWhenTokenCarriesRequestedNamesThenReleasedWithScopeClaims() {
        Map<String, Object> token = Map.of(StandardClaims.USERINFO_CLAIMS, List.of("phone_number", "sub"));

        assertThat(StandardClaims.forUserinfo(Set.of("email"), token, USER))
                .isEqualTo(Map.of("email", "alice@example.com", "email_verified", true, "phone_number", "+1 555"));
    }

    @Test
    void wellFormedWhenNotAnObjectOfObjectsThenFalse() {
        assertThat(StandardClaims.isWellFormed("{\"userinfo\":{}}")).isTrue();
        assertThat(StandardClaims.isWellFormed("[1]")).isFalse();
        assertThat(StandardClaims.isWellFormed("{\"userinfo\":1}")).isFalse();
        assertThat(StandardClaims.isWellFormed("{not json")).isFalse();
    }

    @Test
    void requestedAcrWhenValueOrValuesThenListed() {
        assertThat(StandardClaims.requestedAcr("{\"id_token\":{\"acr\":{\"values\":[\"a\",\"b\"]}}}"))
                .containsExactly("a", "b");
        assertThat(StandardClaims.requestedAcr("{\"id_token\":{\"acr\":{\"value\":\"x\"}}}"))
                .containsExactly("x");
        assertThat(StandardClaims.requestedAcr(null)).isEmpty();
    }
}
