package io.authdesign.dpop;

import static io.authdesign.dpop.DPoPRfcExamplesTest.JKT;
import static io.authdesign.dpop.DPoPRfcExamplesTest.RESOURCE_ACCESS_TOKEN;
import static io.authdesign.dpop.DPoPRfcExamplesTest.TOKEN_PROOF;
import static io.authdesign.dpop.DPoPRfcExamplesTest.TOKEN_PROOF_IAT;
import static io.authdesign.dpop.DPoPRfcExamplesTest.TOKEN_URL;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.http.HttpRequest;
import io.authdesign.replay.InMemoryReplayStore;
import io.authdesign.replay.ReplayStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The verifier's two steps: {@code verify} makes every stateless check and stores nothing; {@code record}
 * stores the {@code jti}, last, so a refused request leaves no replay entry.
 */
class DPoPProofVerifierTest {

    /** The RFC 9449 section 4.2 proof's {@code jti}. */
    private static final String JTI = "-BwC3ESc6acc2lTc";

    /** A replay store that remembers what it was asked to add. */
    private static final class RecordingStore implements ReplayStore {
        final ReplayStore delegate = new InMemoryReplayStore();
        final List<String> added = new ArrayList<>();

        @Override
        public boolean add(String value, Duration ttl) {
            added.add(value);
            return delegate.add(value, ttl);
        }
    }

    private final RecordingStore replays = new RecordingStore();
    private final DPoPToken dpop = new DPoPToken()
            .setClock(Clock.fixed(TOKEN_PROOF_IAT, ZoneOffset.UTC))
            .setReplayDetector(replays);

    private static HttpRequest request(String method, String... proofs) {
        HttpRequest.Builder request = HttpRequest.builder(method, "/token");
        Arrays.stream(proofs).forEach(proof -> request.header("DPoP", proof));
        return request.build();
    }

    @Test
    void verifyWhenProofValidThenVerifiedWithItsKeyAndJtiAndNothingRecorded() {
        DPoPProofVerifier verifier = dpop.verifier();
        HttpRequest request = request("POST", TOKEN_PROOF);

        DPoPVerification first = verifier.verify(request, "POST", TOKEN_URL, Optional.empty());
        DPoPVerification again = verifier.verify(request, "POST", TOKEN_URL, Optional.empty());

        assertThat(first).isEqualTo(new DPoPVerification.Verified(JKT, JTI)).isEqualTo(again);
        assertThat(replays.added).isEmpty();
    }

    @Test
    void recordWhenVerifiedProofThenValidOnceThenAlreadyUsed() {
        DPoPProofVerifier verifier = dpop.verifier();
        DPoPVerification.Verified proof = (DPoPVerification.Verified)
                verifier.verify(request("POST", TOKEN_PROOF), "POST", TOKEN_URL, Optional.empty());

        assertThat(verifier.record(proof)).isEqualTo(new DPoPResult.Valid(JKT));
        assertThat(verifier.record(proof)).isEqualTo(new DPoPResult.Invalid("The DPoP proof was already used"));
        assertThat(replays.added).containsExactly("dpop:" + JKT + ":" + JTI, "dpop:" + JKT + ":" + JTI);
    }

    @Test
    void checkWhenAStatelessCheckFailsThenRefusedAndNoReplayEntry() {
        HttpRequest proof = request("POST", TOKEN_PROOF);
        List<DPoPResult> results = List.of(
                dpop.check(request("POST"), "POST", TOKEN_URL, Optional.empty()),
                dpop.check(request("POST", "not.a.jwt"), "POST", TOKEN_URL, Optional.empty()),
                dpop.check(
                        request("POST", TOKEN_PROOF.substring(0, TOKEN_PROOF.length() - 4) + "AAAA"),
                        "POST",
                        TOKEN_URL,
                        Optional.empty()),
                dpop.check(proof, "GET", TOKEN_URL, Optional.empty()),
                dpop.check(proof, "POST", "https://server.example.com/other", Optional.empty()),
                dpop.check(proof, "POST", TOKEN_URL, Optional.of(RESOURCE_ACCESS_TOKEN)),
                new DPoPToken()
                        .setReplayDetector(replays)
                        .setClock(Clock.fixed(TOKEN_PROOF_IAT.plusSeconds(301), ZoneOffset.UTC))
                        .check(proof, "POST", TOKEN_URL, Optional.empty()));

        assertThat(results).allSatisfy(result -> assertThat(result).isInstanceOf(DPoPResult.Invalid.class));
        assertThat(replays.added).isEmpty();
    }

    @Test
    void checkWhenTheServerNonceIsMissingThenUseNonceAndNoReplayEntry() {
        dpop.requireNonce(
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII), Duration.ofMinutes(1));

        DPoPResult result = dpop.check(request("POST", TOKEN_PROOF), "POST", TOKEN_URL, Optional.empty());

        assertThat(result).isEqualTo(new DPoPResult.UseNonce(dpop.currentNonce().orElseThrow()));
        assertThat(replays.added).isEmpty();
    }

    @Test
    void verifyWhenTheConfigurationChangesAfterwardsThenTheVerifierFollowsIt() {
        DPoPProofVerifier verifier = dpop.verifier();
        HttpRequest request = request("POST", TOKEN_PROOF);
        dpop.setClock(Clock.fixed(TOKEN_PROOF_IAT.plusSeconds(20), ZoneOffset.UTC));

        assertThat(verifier.verify(request, "POST", TOKEN_URL, Optional.empty()))
                .isInstanceOf(DPoPVerification.Verified.class);
        dpop.setTTL(10);
        assertThat(verifier.verify(request, "POST", TOKEN_URL, Optional.empty()))
                .isEqualTo(new DPoPVerification.Refused(
                        new DPoPResult.Invalid("The DPoP proof iat is missing or out of range")));
    }
}
