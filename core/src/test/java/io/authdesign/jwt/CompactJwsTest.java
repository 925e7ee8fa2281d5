package io.authdesign.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.keys.InMemoryKeyStore;
import io.authdesign.keys.KeyLifecycle;
import io.authdesign.keys.StoredKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Tokens composed directly (RFC 7515 section 7.1) are the JWT library's: the same header, the same claims,
 * a signature that verifies with the published key; values that are not plain JSON go through the library.
 */
class CompactJwsTest {

    private static final String ISSUER = "https://as.example";
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private final InMemoryKeyStore store = new InMemoryKeyStore();
    private final JwtAuthority authority = new JwtAuthority(new KeyRing(
            KeyLifecycle.builder(store)
                    .maxTokenLifetime(Duration.ofHours(1))
                    .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                    .build(),
            Set.of(SigningAlgorithm.ES256),
            LoggerFactory.getLogger("test")));

    private Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "alice \"quoted\" \u00e9\u20ac");
        claims.put("aud", List.of("https://api.example", "https://other.example"));
        claims.put("exp", NOW.getEpochSecond() + 300);
        claims.put("iat", NOW.getEpochSecond());
        claims.put("auth_time", NOW.minusSeconds(60));
        claims.put("jti", "id-1");
        claims.put("cnf", Map.of("jkt", "thumbprint"));
        claims.put("admin", true);
        claims.put("gone", null);
        return claims;
    }

    private boolean verifies(String token, StoredKey key) throws Exception {
        JWSVerifier verifier = new ECDSAVerifier(((ECKey) JWK.parse(key.publicJwk())).toECPublicKey());
        return JWSObject.parse(token).verify(verifier);
    }

    @Test
    void aComposedTokenHasTheHeaderTheClaimsAndAValidSignature() throws Exception {
        SignedJwt signed = authority.signer().sign(SigningAlgorithm.ES256, "at+jwt", claims());

        SignedJWT jwt = SignedJWT.parse(signed.token());
        assertThat(jwt.getHeader().toJSONObject())
                .isEqualTo(Map.of("alg", "ES256", "typ", "at+jwt", "kid", signed.kid()));
        Map<String, Object> parsed = jwt.getPayload().toJSONObject();
        assertThat(parsed)
                .containsEntry("iss", ISSUER)
                .containsEntry("sub", "alice \"quoted\" \u00e9\u20ac")
                .containsEntry("aud", List.of("https://api.example", "https://other.example"))
                .containsEntry("exp", NOW.getEpochSecond() + 300)
                .containsEntry("iat", NOW.getEpochSecond())
                .containsEntry("auth_time", NOW.getEpochSecond() - 60)
                .containsEntry("cnf", Map.of("jkt", "thumbprint"))
                .containsEntry("admin", true)
                .doesNotContainKey("gone");
        StoredKey key = store.getKeys(NOW).get(0);
        assertThat(key.kid()).isEqualTo(signed.kid());
        assertThat(verifies(signed.token(), key)).isTrue();
    }

    @Test
    void aKeySignsTokenAfterTokenWithItsReusedSignatures() throws Exception {
        StoredKey key = null;
        for (int i = 0; i < 50; i++) {
            Map<String, Object> claims = claims();
            claims.put("jti", "id-" + i);
            SignedJwt signed = authority.signer().sign(SigningAlgorithm.ES256, "at+jwt", claims);
            key = key == null ? store.getKeys(NOW).get(0) : key;
            assertThat(verifies(signed.token(), key)).isTrue();
            assertThat(SignedJWT.parse(signed.token()).getJWTClaimsSet().getJWTID())
                    .isEqualTo("id-" + i);
        }
    }

    @Test
    void theEncodingIsUnpaddedBase64Url() {
        java.util.Base64.Encoder reference = java.util.Base64.getUrlEncoder().withoutPadding();
        byte[] bytes = new byte[70];
        new java.util.Random(7).nextBytes(bytes);
        for (int length = 0; length <= bytes.length; length++) {
            byte[] out = new byte[CompactJws.encodedLength(length) + 2];
            int end = CompactJws.encode(bytes, 0, length, out, 1);
            String expected = reference.encodeToString(java.util.Arrays.copyOf(bytes, length));
            assertThat(end - 1).isEqualTo(expected.length());
            assertThat(new String(out, 1, end - 1, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo(expected);
        }
    }

    @Test
    void theEncodingOverItsOwnInputEndingWhereTheOutputEndsGivesTheSame() {
        java.util.Base64.Encoder reference = java.util.Base64.getUrlEncoder().withoutPadding();
        java.util.Random random = new java.util.Random(11);
        for (int length = 0; length <= 70; length++) {
            byte[] input = new byte[length];
            random.nextBytes(input);
            int at = 5;
            int encoded = CompactJws.encodedLength(length);
            byte[] buffer = new byte[at + encoded + 3];
            int from = at + encoded - length;
            System.arraycopy(input, 0, buffer, from, length);
            int end = CompactJws.encode(buffer, from, length, buffer, at);
            assertThat(new String(buffer, at, end - at, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo(reference.encodeToString(input));
        }
    }

    @Test
    void aTamperedComposedTokenDoesNotVerify() throws Exception {
        String token = authority
                .signer()
                .sign(SigningAlgorithm.ES256, "at+jwt", claims())
                .token();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];

        assertThat(verifies(forged, store.getKeys(NOW).get(0))).isFalse();
        VerificationRules rules = new VerificationRules(Set.of(SigningAlgorithm.ES256), "at+jwt", ISSUER, Set.of());
        assertThat(authority.verifier().verify(token, rules)).isInstanceOf(JwtVerification.Verified.class);
        assertThat(authority.verifier().verify(forged, rules)).isInstanceOf(JwtVerification.Rejected.class);
    }

    @Test
    void claimsThatAreNotPlainJsonGoThroughTheJwtLibrary() throws Exception {
        Map<String, Object> claims = claims();
        claims.put("when", Map.of("at", NOW)); // an Instant inside a map: not a plain JSON value
        assertThat(CompactJws.jsonClaims(claims)).isNull();

        SignedJwt signed = authority.signer().sign(SigningAlgorithm.ES256, "at+jwt", claims);

        assertThat(SignedJWT.parse(signed.token()).getJWTClaimsSet().getSubject())
                .isEqualTo("alice \"quoted\" \u00e9\u20ac");
        assertThat(verifies(signed.token(), store.getKeys(NOW).get(0))).isTrue();
    }
}
