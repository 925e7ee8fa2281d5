package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyAuthorizationCodeFlowSuite.authorize;
import static io.authdesign.testkit.ReadyFlows.SPA;
import static io.authdesign.testkit.ReadyFlows.SPA_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.authorizeUrl;
import static io.authdesign.testkit.ReadyFlows.queryOf;
import static io.authdesign.testkit.ReadyFlows.request;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PKCE {@code plain} method where the authorization route allows it ({@code allowPlainPkce()}): a code
 * issued for a plain challenge is redeemed only with the identical verifier (RFC 7636 section 4.6), and
 * discovery advertises both methods.
 */
public abstract class PlainPkceSuite {

    private static final String VERIFIER = "plain-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

    private ReadyFlows flows;

    @BeforeEach
    void start() {
        flows = ReadyFlows.withPlainPkce();
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    private String plainCode(String... methodParameter) {
        List<String> params = new ArrayList<>(request(SPA, SPA_REDIRECT, null, "code_challenge", VERIFIER));
        params.addAll(List.of(methodParameter));
        return authorize(flows, flows.browser(), params).get("code");
    }

    private Reply redeem(String code, String verifier) {
        return flows.server
                .post(TestServer.TOKEN)
                .form(
                        "grant_type", "authorization_code",
                        "code", code,
                        "redirect_uri", SPA_REDIRECT,
                        "client_id", SPA,
                        "code_verifier", verifier)
                .send();
    }

    @Test
    void plainChallengeWhenSameVerifierThenTokens() {
        Reply reply = redeem(plainCode("code_challenge_method", "plain"), VERIFIER);

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json()).containsKey("access_token");
    }

    @Test
    void plainChallengeWithoutMethodThenPlainAndSameVerifierRedeems() {
        Reply reply = redeem(plainCode(), VERIFIER);

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    }

    @Test
    void plainChallengeWhenOtherVerifierThenInvalidGrant() {
        Reply reply = redeem(plainCode("code_challenge_method", "plain"), VERIFIER + "x");

        assertError(reply, 400, "invalid_grant", "The code_verifier does not match");
    }

    @Test
    void plainChallengeWhenVerifierIsItsS256HashThenInvalidGrant() {
        String code = plainCode("code_challenge_method", "plain");

        Reply reply = redeem(code, io.authdesign.token.Pkce.s256Challenge(VERIFIER));

        assertError(reply, 400, "invalid_grant", "The code_verifier does not match");
    }

    @Test
    void discoveryThenAdvertisesBothMethods() {
        Reply reply = flows.server.get("/.well-known/openid-configuration").send();

        assertThat(reply.json().get("code_challenge_methods_supported")).isEqualTo(List.of("S256", "plain"));
    }

    @Test
    void unknownMethodThenRedirectedWithInvalidRequest() {
        List<String> params = new ArrayList<>(
                request(SPA, SPA_REDIRECT, null, "code_challenge", VERIFIER, "code_challenge_method", "S512"));

        Reply reply = flows.browser().get(authorizeUrl(params));

        Map<String, String> response = queryOf(reply.header("Location").orElseThrow());
        assertThat(response).containsEntry("error", "invalid_request");
        assertThat(response).containsEntry("error_description", "The code_challenge_method is not supported: use S256");
    }
}
