package io.authdesign.dpop;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.http.HttpRequest;
import io.authdesign.replay.InMemoryReplayStore;
import io.authdesign.store.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The RFC 9449 examples checked by {@link DPoPToken} at their own instants: the section 4.2 token request
 * proof (Figure 2), the section 7.1 resource proof with {@code ath} (Figure 13), and the section 6.1
 * thumbprint; and the stateless nonces of section 8.
 */
class DPoPRfcExamplesTest {

    /** RFC 9449 section 4.2, Figure 2 (also section 5, Figure 3). */
    static final String TOKEN_PROOF =
            "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19"
                    + ".eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ"
                    + ".2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";

    static final Instant TOKEN_PROOF_IAT = Instant.ofEpochSecond(1562262616);
    static final String TOKEN_URL = "https://server.example.com/token";

    /** RFC 9449 section 7.1, Figure 13: a resource proof with ath for the Figure 12 access token. */
    static final String RESOURCE_PROOF =
            "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19"
                    + ".eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9"
                    + ".2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA";

    static final String RESOURCE_ACCESS_TOKEN = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
    static final Instant RESOURCE_PROOF_IAT = Instant.ofEpochSecond(1562262618);
    static final String RESOURCE_URL = "https://resource.example.org/protectedresource";

    /** RFC 9449 section 6.1: the RFC 7638 thumbprint of the examples' key. */
    static final String JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

    private static DPoPToken at(Instant now) {
        return new DPoPToken().setClock(Clock.fixed(now, ZoneOffset.UTC));
    }

    private static HttpRequest request(String method, String path, String... proofs) {
        HttpRequest.Builder request = HttpRequest.builder(method, path);
        Arrays.stream(proofs).forEach(proof -> request.header("DPoP", proof));
        return request.build();
    }

    private static String description(DPoPResult result) {
        assertThat(result).isInstanceOf(DPoPResult.Invalid.class);
        return ((DPoPResult.Invalid) result).description();
    }

    @Test
    void tokenRequestProofOfFigure2IsValidAtItsIatWithTheSection61Thumbprint() {
        DPoPResult result =
                at(TOKEN_PROOF_IAT).check(request("POST", "/token", TOKEN_PROOF), "POST", TOKEN_URL, Optional.empty());

        assertThat(result).isEqualTo(new DPoPResult.Valid(JKT));
    }

    @Test
    void tokenRequestProofOfFigure2IsSingleUse() {
        DPoPToken dpop = at(TOKEN_PROOF_IAT);
        dpop.check(request("POST", "/token", TOKEN_PROOF), "POST", TOKEN_URL, Optional.empty());

        assertThat(description(dpop.check(request("POST", "/token", TOKEN_PROOF), "POST", TOKEN_URL, Optional.empty())))
                .contains("already used");
    }

    @Test
    void tokenRequestProofOfFigure2IsRefusedOnceExpiredOrBeforeItsTimeOrElsewhere() {
        HttpRequest request = request("POST", "/token", TOKEN_PROOF);

        assertThat(description(
                        at(TOKEN_PROOF_IAT.plusSeconds(301)).check(request, "POST", TOKEN_URL, Optional.empty())))
                .contains("iat");
        assertThat(description(
                        at(TOKEN_PROOF_IAT.minusSeconds(61)).check(request, "POST", TOKEN_URL, Optional.empty())))
                .contains("iat");
        assertThat(description(at(TOKEN_PROOF_IAT).check(request, "GET", TOKEN_URL, Optional.empty())))
                .contains("htm");
        assertThat(description(at(TOKEN_PROOF_IAT)
                        .check(request, "POST", "https://server.example.com/other", Optional.empty())))
                .contains("htu");
        assertThat(description(at(TOKEN_PROOF_IAT)
                        .check(request, "POST", "https://attacker.example.com/token", Optional.empty())))
                .contains("htu");
        // The window is configurable: a shorter TTL refuses it sooner.
        assertThat(description(new DPoPToken()
                        .setTTL(10)
                        .setClock(Clock.fixed(TOKEN_PROOF_IAT.plusSeconds(11), ZoneOffset.UTC))
                        .check(request, "POST", TOKEN_URL, Optional.empty())))
                .contains("iat");
        // Within the window and the future skew it is accepted.
        assertThat(at(TOKEN_PROOF_IAT.plusSeconds(299)).check(request, "POST", TOKEN_URL, Optional.empty()))
                .isInstanceOf(DPoPResult.Valid.class);
        assertThat(at(TOKEN_PROOF_IAT.minusSeconds(59)).check(request, "POST", TOKEN_URL, Optional.empty()))
                .isInstanceOf(DPoPResult.Valid.class);
    }

    @Test
    void proofIsRememberedUntilTheLastInstantItsIatIsAccepted() {
        // Accepted first as early as possible (iat 60 s ahead), replayed as late as possible (iat + TTL).
        MutableClock clock = MutableClock.at(TOKEN_PROOF_IAT.minusSeconds(60));
        DPoPToken dpop = new DPoPToken().setClock(clock).setReplayDetector(new InMemoryReplayStore(clock));
        HttpRequest request = request("POST", "/token", TOKEN_PROOF);

        assertThat(dpop.check(request, "POST", TOKEN_URL, Optional.empty())).isEqualTo(new DPoPResult.Valid(JKT));
        clock.set(TOKEN_PROOF_IAT.plusSeconds(300));

        assertThat(description(dpop.check(request, "POST", TOKEN_URL, Optional.empty())))
                .contains("already used");
        clock.advance(Duration.ofMillis(1));
        assertThat(description(dpop.check(request, "POST", TOKEN_URL, Optional.empty())))
                .contains("iat");
    }

    @Test
    void htuComparisonIgnoresQueryFragmentCaseAndDefaultPortOnly() {
        HttpRequest request = request("POST", "/token", TOKEN_PROOF);
        for (String expected : new String[] {
            "https://server.example.com/token?x=1",
            "https://SERVER.example.com:443/token#f",
            "HTTPS://server.example.com/token"
        }) {
            assertThat(at(TOKEN_PROOF_IAT).check(request, "POST", expected, Optional.empty()))
                    .as(expected)
                    .isEqualTo(new DPoPResult.Valid(JKT));
        }
        for (String expected : new String[] {
            "http://server.example.com/token",
            "https://server.example.com:8443/token",
            "https://server.example.com/token/"
        }) {
            assertThat(at(TOKEN_PROOF_IAT).check(request, "POST", expected, Optional.empty()))
                    .as(expected)
                    .isInstanceOf(DPoPResult.Invalid.class);
        }
    }

    @Test
    void resourceProofOfFigure13IsValidForItsAccessTokenOnly() {
        HttpRequest request = request("GET", "/protectedresource", RESOURCE_PROOF);

        assertThat(DPoPProofVerifier.accessTokenHash(RESOURCE_ACCESS_TOKEN))
                .isEqualTo("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
        assertThat(description(at(RESOURCE_PROOF_IAT)
                        .check(request, "GET", RESOURCE_URL, Optional.of(RESOURCE_ACCESS_TOKEN + "x"))))
                .contains("ath");
        assertThat(at(RESOURCE_PROOF_IAT).check(request, "GET", RESOURCE_URL, Optional.of(RESOURCE_ACCESS_TOKEN)))
                .isEqualTo(new DPoPResult.Valid(JKT));
    }

    @Test
    void tokenRequestProofWithoutAthIsRefusedAtAResource() {
        HttpRequest request = request("POST", "/token", TOKEN_PROOF);

        assertThat(description(
                        at(TOKEN_PROOF_IAT).check(request, "POST", TOKEN_URL, Optional.of(RESOURCE_ACCESS_TOKEN))))
                .contains("ath");
    }

    @Test
    void noProofOrTwoProofsOrAnEmptyOneAreRefused() {
        DPoPToken dpop = at(TOKEN_PROOF_IAT);

        assertThat(description(dpop.check(request("POST", "/token"), "POST", TOKEN_URL, Optional.empty())))
                .contains("no DPoP proof");
        assertThat(description(dpop.check(
                        request("POST", "/token", TOKEN_PROOF, TOKEN_PROOF), "POST", TOKEN_URL, Optional.empty())))
                .contains("one DPoP proof");
        assertThat(description(dpop.check(request("POST", "/token", " "), "POST", TOKEN_URL, Optional.empty())))
                .isNotEmpty();
        assertThat(description(dpop.check(request("POST", "/token", "not.a.jwt"), "POST", TOKEN_URL, Optional.empty())))
                .isNotEmpty();
    }

    @Test
    void proofWithAnAlgorithmOutsideTheAllowListIsRefused() {
        DPoPToken rsaOnly = new DPoPToken().setClock(Clock.fixed(TOKEN_PROOF_IAT, ZoneOffset.UTC));
        // ES256 is the default and cannot be removed, but a proof is checked against the list as configured:
        assertThat(rsaOnly.algorithms()).containsExactly("ES256");
        assertThat(rsaOnly.addAlgorithm("PS256").algorithms()).containsExactly("ES256", "PS256");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rsaOnly.addAlgorithm("HS256"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rsaOnly.addAlgorithm("none"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noncesAreValidForTheirStepAndTheNextAcrossNodesSharingTheSecret() {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        DPoPNonces node1 = new DPoPNonces(secret, Duration.ofMinutes(1));
        DPoPNonces node2 = new DPoPNonces(secret.clone(), Duration.ofMinutes(1));
        DPoPNonces other = new DPoPNonces(
                "another secret of thirty-two byt".getBytes(StandardCharsets.US_ASCII), Duration.ofMinutes(1));

        String nonce = node1.current(t0);

        assertThat(node2.isValid(nonce, t0)).isTrue();
        assertThat(node2.isValid(nonce, t0.plusSeconds(119))).isTrue();
        assertThat(node1.isValid(nonce, t0.plusSeconds(120))).isFalse();
        assertThat(node1.current(t0.plusSeconds(60))).isNotEqualTo(nonce);
        assertThat(other.isValid(nonce, t0)).isFalse();
        assertThat(node1.isValid("", t0)).isFalse();
        assertThat(node1.isValid(nonce.substring(0, nonce.length() - 1) + "A", t0) && !nonce.endsWith("A"))
                .isFalse();
    }
}
