package io.authdesign.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one PKCE rule (RFC 7636) on both sides: the authorization request's challenge and the token request's verifier. */
class PkceRulesTest {

    /** RFC 7636 appendix B. */
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private static String refusal(ThrowingCheck check) {
        try {
            check.run();
            throw new AssertionError("expected a refusal");
        } catch (OAuth2Exception e) {
            assertThat(e.error().code()).isEqualTo(OAuth2ErrorCode.INVALID_REQUEST);
            return (String) e.error().toJsonObject().get("error_description");
        }
    }

    private interface ThrowingCheck {
        void run() throws OAuth2Exception;
    }

    @Test
    void challengeWhenS256ThenAccepted() throws OAuth2Exception {
        assertThat(Pkce.checkChallenge(Optional.of(CHALLENGE), Optional.of("S256"), true, false))
                .contains("S256");
    }

    @Test
    void challengeWhenAbsentAndNotRequiredThenNone() throws OAuth2Exception {
        assertThat(Pkce.checkChallenge(Optional.empty(), Optional.empty(), false, false))
                .isEmpty();
    }

    @Test
    void challengeWhenAbsentAndRequiredThenInvalidRequest() {
        assertThat(refusal(() -> Pkce.checkChallenge(Optional.empty(), Optional.empty(), true, true)))
                .isEqualTo("This client must use PKCE (RFC 7636)");
    }

    @Test
    void methodWithoutChallengeThenInvalidRequest() {
        assertThat(refusal(() -> Pkce.checkChallenge(Optional.empty(), Optional.of("S256"), false, false)))
                .isEqualTo("code_challenge_method was sent without code_challenge");
    }

    @Test
    void plainWhenNotAllowedThenInvalidRequestBothSpelledAndImplied() {
        assertThat(refusal(() -> Pkce.checkChallenge(Optional.of(VERIFIER), Optional.of("plain"), false, false)))
                .isEqualTo("The code_challenge_method is not supported: use S256");
        assertThat(refusal(() -> Pkce.checkChallenge(Optional.of(VERIFIER), Optional.empty(), false, false)))
                .isEqualTo("code_challenge_method is required: S256");
    }

    @Test
    void plainWhenAllowedThenAcceptedWithOrWithoutMethod() throws OAuth2Exception {
        assertThat(Pkce.checkChallenge(Optional.of(VERIFIER), Optional.of("plain"), false, true))
                .contains("plain");
        assertThat(Pkce.checkChallenge(Optional.of(VERIFIER), Optional.empty(), false, true))
                .contains("plain");
    }

    @Test
    void challengeWhenMalformedThenInvalidRequest() {
        assertThat(refusal(() -> Pkce.checkChallenge(Optional.of("short"), Optional.of("S256"), false, false)))
                .isEqualTo("The code_challenge is malformed");
        assertThat(refusal(() -> Pkce.checkChallenge(Optional.of(CHALLENGE + "A"), Optional.of("S256"), false, false)))
                .isEqualTo("The code_challenge is malformed");
        assertThat(refusal(() -> Pkce.checkChallenge(Optional.of(VERIFIER + "!"), Optional.of("plain"), false, true)))
                .isEqualTo("The code_challenge is malformed");
    }

    @Test
    void verifierWhenS256MatchesThenAccepted() {
        assertThat(Pkce.checkVerifier(CHALLENGE, "S256", Optional.of(VERIFIER))).isEmpty();
        assertThat(Pkce.verifyCodeVerifier(VERIFIER, CHALLENGE)).isTrue();
    }

    @Test
    void verifierWhenPlainThenComparedAsIs() {
        assertThat(Pkce.checkVerifier(VERIFIER, "plain", Optional.of(VERIFIER))).isEmpty();
        assertThat(Pkce.checkVerifier(VERIFIER, "plain", Optional.of(VERIFIER.replace('d', 'e'))))
                .map(OAuth2Error::toJsonObject)
                .hasValueSatisfying(json -> assertThat(json).containsEntry("error", "invalid_grant"));
        // the S256 form of the verifier is not the plain verifier
        assertThat(Pkce.checkVerifier(CHALLENGE, "plain", Optional.of(VERIFIER)))
                .isPresent();
        assertThat(Pkce.verifyCodeVerifier(VERIFIER, VERIFIER)).isFalse();
    }

    @Test
    void verifierWhenMissingMalformedOrUnexpectedThenInvalidGrant() {
        assertThat(description(Pkce.checkVerifier(CHALLENGE, "S256", Optional.empty())))
                .isEqualTo("The code_verifier is missing or malformed");
        assertThat(description(Pkce.checkVerifier(CHALLENGE, "S256", Optional.of("short"))))
                .isEqualTo("The code_verifier is missing or malformed");
        assertThat(description(Pkce.checkVerifier(null, null, Optional.of(VERIFIER))))
                .isEqualTo("code_verifier sent for a code issued without code_challenge");
        assertThat(Pkce.checkVerifier(null, null, Optional.empty())).isEmpty();
    }

    @Test
    void verifyCodeVerifierWhenChallengeNullThenFalse() {
        assertThat(Pkce.verifyCodeVerifier(VERIFIER, null)).isFalse();
    }

    private static String description(Optional<OAuth2Error> error) {
        return (String) error.orElseThrow().toJsonObject().get("error_description");
    }
}
