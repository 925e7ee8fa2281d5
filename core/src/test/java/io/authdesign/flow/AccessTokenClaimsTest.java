package io.authdesign.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.jwt.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An access token's claims (RFC 9068 section 2.2) are the defaults with the given claims put over them, in the
 * defaults' order and then the given ones', {@code null}s left out and numeric dates in seconds: the same JSON
 * whether the given claims only replace defaults (written without a map) or add others.
 */
class AccessTokenClaimsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_800_000_000L;

    private final JwtHelpers helpers = OAuth2ClientCredentialsBuilder.create()
            .setIssuer("https://issuer.example")
            .setClock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
            .setTokenTTL(600)
            .setAccessTokenSigningAlgorithm(SigningAlgorithm.ES256)
            .useAccessTokenJwks(true)
            .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse("unused")))
            .build()
            .settings()
            .jwt();

    /** The payload as written, and the claims the defaults and the given ones make, with the token's jti. */
    private void assertClaims(String scope, Map<String, ?> claims) throws Exception {
        String token = helpers.createJwtAccessToken("client-1", scope, claims).token();
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        Map<String, Object> written = JSON.readValue(payload, new TypeReference<LinkedHashMap<String, Object>>() {});

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("iss", "https://issuer.example");
        expected.put("sub", "client-1");
        expected.put("aud", "https://issuer.example");
        expected.put("exp", NOW + 600);
        expected.put("iat", NOW);
        expected.put("jti", written.get("jti"));
        expected.put("client_id", "client-1");
        if (scope != null && !scope.isEmpty()) {
            expected.put("scope", scope);
        }
        expected.putAll(claims);
        expected.values().removeIf(value -> value == null);
        expected.replaceAll((name, value) -> value instanceof Integer seconds ? seconds.longValue() : value);
        assertThat(payload).isEqualTo(JSON.writeValueAsString(expected));
    }

    @Test
    void claimsWhenOnlyReplacingDefaultsThenSameAsPutOverThem() throws Exception {
        assertClaims("read", Map.of());
        assertClaims(null, Map.of());
        assertClaims("", Map.of());
        assertClaims("read", Map.of("scope", "write"));
        assertClaims(null, Map.of("scope", "write"));
        assertClaims("read", Map.of("aud", List.of("https://a.example", "https://b.example")));
        assertClaims("read", Map.of("sub", "user-7", "exp", NOW + 60));
        Map<String, Object> removed = new LinkedHashMap<>();
        removed.put("aud", null);
        removed.put("scope", null);
        assertClaims("read", removed);
    }

    @Test
    void claimsWhenAddingOthersOrConvertingThenSameAsPutOverThem() throws Exception {
        Map<String, Object> more = new LinkedHashMap<>();
        more.put("cnf", Map.of("jkt", "thumbprint"));
        more.put("scope", "write");
        more.put("fapi", true);
        assertClaims("read", more);
        assertClaims("read", Map.of("exp", (int) (NOW + 120)));
        assertClaims(null, Map.of("acr", "urn:mace:incommon:iap:silver", "aud", "https://c.example"));
    }
}
