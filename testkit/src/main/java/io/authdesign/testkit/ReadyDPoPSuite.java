package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyFlows.ALICE_SUB;
import static io.authdesign.testkit.ReadyFlows.BOUND_WEB;
import static io.authdesign.testkit.ReadyFlows.BOUND_WEB_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.BOUND_WEB_SECRET;
import static io.authdesign.testkit.ReadyFlows.DEVICE;
import static io.authdesign.testkit.ReadyFlows.DEVICE_GRANT;
import static io.authdesign.testkit.ReadyFlows.SPA;
import static io.authdesign.testkit.ReadyFlows.SPA_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.TV;
import static io.authdesign.testkit.ReadyFlows.TV_SECRET;
import static io.authdesign.testkit.ReadyFlows.USERINFO;
import static io.authdesign.testkit.ReadyFlows.WEB;
import static io.authdesign.testkit.ReadyFlows.WEB_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.WEB_SECRET;
import static io.authdesign.testkit.ReadyFlows.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.authdesign.dpop.DPoPToken;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DPoP with the ready handlers (RFC 9449 sections 5 and 10), over real HTTP: tokens of every grant are
 * bound; a public client's refresh token is bound to its key; {@code dpop_jkt} binds the authorization code;
 * a client registered as DPoP-bound (section 5.2) sends a proof with every token request.
 */
public abstract class ReadyDPoPSuite {

    private ReadyFlows flows;
    private final DPoPProofs key = DPoPProofs.generate();
    private final DPoPProofs other = DPoPProofs.generate();

    @AfterEach
    void stop() {
        if (flows != null) {
            flows.close();
        }
    }

    private String htu() {
        return flows.issuer + TestServer.TOKEN;
    }

    /** Signs in and approves a public SPA request with these extra parameters: the code. */
    private String spaCode(ReadyFlows.Pkce pkce, String... more) {
        return ReadyAuthorizationCodeFlowSuite.authorize(flows, flows.browser(), request(SPA, SPA_REDIRECT, pkce, more))
                .get("code");
    }

    private Reply redeemSpa(String code, ReadyFlows.Pkce pkce, DPoPProofs proofKey) {
        TestServer.Call call = flows.server.post(TestServer.TOKEN);
        if (proofKey != null) {
            call.header("DPoP", proofKey.proof("POST", htu()));
        }
        return call.form(
                        "grant_type", "authorization_code",
                        "code", code,
                        "redirect_uri", SPA_REDIRECT,
                        "client_id", SPA,
                        "code_verifier", pkce.verifier())
                .send();
    }

    private Reply refreshSpa(String refreshToken, DPoPProofs proofKey) {
        TestServer.Call call = flows.server.post(TestServer.TOKEN);
        if (proofKey != null) {
            call.header("DPoP", proofKey.proof("POST", htu()));
        }
        return call.form("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", SPA)
                .send();
    }

    private static Map<String, Object> assertBound(Reply reply, DPoPProofs proofKey) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json()).containsEntry("token_type", "DPoP");
        assertThat(claim(reply, "cnf")).isEqualTo(Map.of("jkt", proofKey.jkt()));
        return reply.json();
    }

    private static Object claim(Reply reply, String name) {
        try {
            return SignedJWT.parse((String) reply.json().get("access_token"))
                    .getJWTClaimsSet()
                    .getClaim(name);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertInvalidGrant(Reply reply, String description) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.json()).containsEntry("error", "invalid_grant");
        assertThat(reply.json().get("error_description")).asString().contains(description);
    }

    @Test
    void introspectWhenDpopBoundTokensThenTokenTypeDpopAndCnf() {
        flows = new ReadyFlows(new DPoPToken());
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        Map<String, Object> tokens = assertBound(redeemSpa(spaCode(pkce), pkce, key), key);

        Map<String, Object> access = flows.server
                .post(ReadyFlows.INTROSPECT)
                .basic(ReadyFlows.RS, ReadyFlows.RS_SECRET)
                .form("token", (String) tokens.get("access_token"))
                .send()
                .json();
        Map<String, Object> refresh = flows.server
                .post(ReadyFlows.INTROSPECT)
                .basic(ReadyFlows.RS, ReadyFlows.RS_SECRET)
                .form("token", (String) tokens.get("refresh_token"), "token_type_hint", "refresh_token")
                .send()
                .json();

        assertThat(access)
                .containsEntry("active", true)
                .containsEntry("token_type", "DPoP")
                .containsEntry("cnf", Map.of("jkt", key.jkt()))
                .containsEntry("client_id", SPA);
        assertThat(refresh)
                .containsEntry("active", true)
                .containsEntry("cnf", Map.of("jkt", key.jkt()))
                .containsEntry("token_type", "refresh_token"); // never taken for an access token
    }

    @Test
    void publicClientRefreshTokenIsBoundToTheProofKey() {
        flows = new ReadyFlows(new DPoPToken());
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        String first =
                (String) assertBound(redeemSpa(spaCode(pkce), pkce, key), key).get("refresh_token");

        assertInvalidGrant(refreshSpa(first, other), "bound to another DPoP key");
        // Nothing changed: the token is neither rotated nor revoked by the refused attempt.
        String second = (String) assertBound(refreshSpa(first, key), key).get("refresh_token");
        assertThat(second).isNotEqualTo(first);
        // The successor stays bound.
        assertInvalidGrant(refreshSpa(second, other), "bound to another DPoP key");
        assertBound(refreshSpa(second, key), key);
    }

    @Test
    void publicClientBoundRefreshTokenWithoutProofWhenProofsAreOptionalThenInvalidGrant() {
        flows = new ReadyFlows(new DPoPToken().setRequired(false));
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        String refreshToken =
                (String) assertBound(redeemSpa(spaCode(pkce), pkce, key), key).get("refresh_token");

        assertInvalidGrant(refreshSpa(refreshToken, null), "bound to another DPoP key");
        assertBound(refreshSpa(refreshToken, key), key);
    }

    @Test
    void refreshTokenRotationOffThenConfidentialAndDpopBoundTokensAreKeptAndStayUsable() {
        flows = ReadyFlows.withoutRefreshTokenRotation(new DPoPToken());
        String code = ReadyAuthorizationCodeFlowSuite.authorize(
                        flows, flows.browser(), request(WEB, WEB_REDIRECT, null))
                .get("code");
        String webToken = (String) assertBound(
                        flows.token(WEB, WEB_SECRET)
                                .header("DPoP", key.proof("POST", htu()))
                                .form("grant_type", "authorization_code", "code", code, "redirect_uri", WEB_REDIRECT)
                                .send(),
                        key)
                .get("refresh_token");
        for (int i = 0; i < 2; i++) {
            Map<String, Object> refreshed = assertBound(
                    flows.token(WEB, WEB_SECRET)
                            .header("DPoP", key.proof("POST", htu()))
                            .form("grant_type", "refresh_token", "refresh_token", webToken)
                            .send(),
                    key);
            // RFC 9700 section 4.14.2: the client's authentication constrains the token, which does not rotate
            assertThat(refreshed).containsEntry("refresh_token", webToken);
        }
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        String spaToken =
                (String) assertBound(redeemSpa(spaCode(pkce), pkce, key), key).get("refresh_token");

        assertThat(assertBound(refreshSpa(spaToken, key), key)).containsEntry("refresh_token", spaToken);
        assertInvalidGrant(refreshSpa(spaToken, other), "bound to another DPoP key");
        assertThat(assertBound(refreshSpa(spaToken, key), key)).containsEntry("refresh_token", spaToken);
    }

    @Test
    void refreshTokenRotationOffThenAPublicClientsUnboundTokenStillRotatesWithReuseDetection() {
        flows = ReadyFlows.withoutRefreshTokenRotation(null);
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        Reply tokens = redeemSpa(spaCode(pkce), pkce, null);
        assertThat(tokens.status()).as("%s", tokens).isEqualTo(200);
        String first = (String) tokens.json().get("refresh_token");

        Reply refreshed = refreshSpa(first, null);

        assertThat(refreshed.status()).as("%s", refreshed).isEqualTo(200);
        String second = (String) refreshed.json().get("refresh_token");
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertInvalidGrant(refreshSpa(first, null), "The refresh token was already used");
        assertInvalidGrant(refreshSpa(second, null), "The refresh token was revoked");
    }

    @Test
    void confidentialClientRefreshTokenIsNotBoundButEachAccessTokenIs() {
        flows = new ReadyFlows(new DPoPToken());
        String code = ReadyAuthorizationCodeFlowSuite.authorize(
                        flows, flows.browser(), request(WEB, WEB_REDIRECT, null))
                .get("code");
        Reply tokens = flows.token(WEB, WEB_SECRET)
                .header("DPoP", key.proof("POST", htu()))
                .form("grant_type", "authorization_code", "code", code, "redirect_uri", WEB_REDIRECT)
                .send();
        String refreshToken = (String) assertBound(tokens, key).get("refresh_token");

        Reply refreshed = flows.token(WEB, WEB_SECRET)
                .header("DPoP", other.proof("POST", htu()))
                .form("grant_type", "refresh_token", "refresh_token", refreshToken)
                .send();

        assertBound(refreshed, other);
    }

    @Test
    void dpopBoundClientRedeemsWithoutProofThenInvalidDpopProofAndTheCodeIsNotSpent() {
        flows = new ReadyFlows(new DPoPToken().setRequired(false));
        List<String> params = request(BOUND_WEB, BOUND_WEB_REDIRECT, null);
        params.set(params.indexOf("scope") + 1, "openid profile"); // its registered scopes (no email)
        String code = ReadyAuthorizationCodeFlowSuite.authorize(flows, flows.browser(), params)
                .get("code");
        String[] form = {"grant_type", "authorization_code", "code", code, "redirect_uri", BOUND_WEB_REDIRECT};

        TokenAssertions.assertError(
                flows.token(BOUND_WEB, BOUND_WEB_SECRET).form(form).send(),
                400,
                "invalid_dpop_proof",
                "This client must send a DPoP proof");
        TokenAssertions.assertError(
                flows.token(BOUND_WEB, "wrong").form(form).send(),
                401,
                "invalid_client",
                "Client authentication failed");

        Reply tokens = flows.token(BOUND_WEB, BOUND_WEB_SECRET)
                .header("DPoP", key.proof("POST", htu()))
                .form(form)
                .send();
        String refreshToken = (String) assertBound(tokens, key).get("refresh_token");

        TokenAssertions.assertError(
                flows.token(BOUND_WEB, BOUND_WEB_SECRET)
                        .form("grant_type", "refresh_token", "refresh_token", refreshToken)
                        .send(),
                400,
                "invalid_dpop_proof",
                "This client must send a DPoP proof");
        assertBound(
                flows.token(BOUND_WEB, BOUND_WEB_SECRET)
                        .header("DPoP", key.proof("POST", htu()))
                        .form("grant_type", "refresh_token", "refresh_token", refreshToken)
                        .send(),
                key);
    }

    @Test
    void codeBoundWithDpopJktThenRedeemedWithAnotherKeyIsInvalidGrant() {
        flows = new ReadyFlows(new DPoPToken());
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        String code = spaCode(pkce, "dpop_jkt", key.jkt());

        assertInvalidGrant(redeemSpa(code, pkce, other), "dpop_jkt");

        ReadyFlows.Pkce again = ReadyFlows.Pkce.create();
        assertBound(redeemSpa(spaCode(again, "dpop_jkt", key.jkt()), again, key), key);
    }

    @Test
    void codeBoundWithDpopJktThenRedeemedWithoutProofIsInvalidGrant() {
        flows = new ReadyFlows(new DPoPToken().setRequired(false));
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();

        assertInvalidGrant(redeemSpa(spaCode(pkce, "dpop_jkt", key.jkt()), pkce, null), "dpop_jkt");
    }

    @Test
    void deviceGrantTokensAreBoundAndUserinfoTakesTheDPoPScheme() {
        flows = new ReadyFlows(new DPoPToken());
        Map<String, Object> codes = flows.server
                .post(DEVICE)
                .basic(TV, TV_SECRET)
                .form("scope", "openid profile")
                .send()
                .json();
        assertThat(flows.device.approve((String) codes.get("user_code"), ALICE_SUB, flows.clock.instant()))
                .isTrue();

        Reply tokens = flows.token(TV, TV_SECRET)
                .header("DPoP", key.proof("POST", htu()))
                .form("grant_type", DEVICE_GRANT, "device_code", (String) codes.get("device_code"))
                .send();
        String accessToken = (String) assertBound(tokens, key).get("access_token");

        String userinfo = flows.issuer + USERINFO;
        Reply served = flows.server
                .get(USERINFO)
                .header("Authorization", "DPoP " + accessToken)
                .header("DPoP", key.proof("GET", userinfo, accessToken, null))
                .send();
        assertThat(served.status()).as("%s", served).isEqualTo(200);
        assertThat(served.json()).containsEntry("sub", ALICE_SUB);
        Reply stolen = flows.server
                .get(USERINFO)
                .header("Authorization", "DPoP " + accessToken)
                .header("DPoP", other.proof("GET", userinfo, accessToken, null))
                .send();
        assertThat(stolen.status()).as("%s", stolen).isEqualTo(401);
        Reply asBearer = flows.server
                .get(USERINFO)
                .header("Authorization", "Bearer " + accessToken)
                .send();
        assertThat(asBearer.status()).as("%s", asBearer).isEqualTo(401);
        assertThat(List.of(served.status(), stolen.status(), asBearer.status())).containsExactly(200, 401, 401);
    }
}
