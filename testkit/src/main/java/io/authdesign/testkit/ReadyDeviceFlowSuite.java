package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyFlows.ALICE_SUB;
import static io.authdesign.testkit.ReadyFlows.DEVICE;
import static io.authdesign.testkit.ReadyFlows.DEVICE_GRANT;
import static io.authdesign.testkit.ReadyFlows.TV;
import static io.authdesign.testkit.ReadyFlows.TV2;
import static io.authdesign.testkit.ReadyFlows.TV2_SECRET;
import static io.authdesign.testkit.ReadyFlows.TV_SECRET;
import static io.authdesign.testkit.ReadyFlows.VERIFICATION_URI;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static io.authdesign.testkit.TokenAssertions.assertJson;
import static io.authdesign.testkit.TokenAssertions.assertNoStore;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ready device flow (RFC 8628) over HTTP: codes for authenticated clients, polling with
 * {@code authorization_pending} and enforced {@code slow_down}, approval, denial, expiry and single
 * redemption; and the discovery document of the composed flows.
 */
public abstract class ReadyDeviceFlowSuite {

    private static final String USER_CODE = "[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}";

    private ReadyFlows flows;

    @BeforeEach
    void start() {
        flows = new ReadyFlows();
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    private Map<String, Object> codes(String scope) {
        Reply reply = flows.server
                .post(DEVICE)
                .basic(TV, TV_SECRET)
                .form("scope", scope)
                .send();
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.json();
    }

    private Reply poll(String clientId, String secret, Object deviceCode) {
        return flows.token(clientId, secret)
                .form("grant_type", DEVICE_GRANT, "device_code", (String) deviceCode)
                .send();
    }

    private Reply poll(Object deviceCode) {
        return poll(TV, TV_SECRET, deviceCode);
    }

    @Test
    void theDeviceAuthorizationResponse() {
        Reply reply = flows.server
                .post(DEVICE)
                .basic(TV, TV_SECRET)
                .form("scope", "openid profile")
                .send();
        assertThat(reply.status()).isEqualTo(200);
        assertNoStore(reply);
        assertJson(reply);
        Map<String, Object> body = reply.json();
        assertThat(body)
                .containsOnlyKeys(
                        "device_code",
                        "user_code",
                        "verification_uri",
                        "verification_uri_complete",
                        "expires_in",
                        "interval");
        assertThat((String) body.get("user_code")).matches(USER_CODE);
        assertThat((String) body.get("device_code")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(body)
                .containsEntry("verification_uri", VERIFICATION_URI)
                .containsEntry("verification_uri_complete", VERIFICATION_URI + "?user_code=" + body.get("user_code"))
                .containsEntry("expires_in", 600)
                .containsEntry("interval", 5);
        assertThat(flows.device.pending((String) body.get("user_code"))).isPresent();
    }

    @Test
    void anUnauthenticatedClientGetsNoCodes() {
        Reply none = flows.server
                .post(DEVICE)
                .form("client_id", TV, "scope", "openid")
                .send();
        assertError(none, 400, "invalid_client", "The client authentication method is not supported");
        assertError(
                flows.server
                        .post(DEVICE)
                        .basic(TV, "wrong")
                        .form("scope", "openid")
                        .send(),
                401,
                "invalid_client",
                "Client authentication failed");
        assertError(
                flows.server.post(DEVICE).basic("nobody", "x").form().send(),
                401,
                "invalid_client",
                "Client authentication failed");
        assertError(
                flows.server
                        .post(DEVICE)
                        .basic(TV, TV_SECRET)
                        .form("scope", "openid email")
                        .send(),
                400,
                "invalid_scope",
                "The requested scope is not allowed for this client");
    }

    @Test
    void pollingApprovalTokensAndSingleRedemption() throws Exception {
        Map<String, Object> codes = codes("openid profile");
        assertError(poll(codes.get("device_code")), 400, "authorization_pending", "The user has not answered yet");

        assertThat(flows.device.approve((String) codes.get("user_code"), ALICE_SUB, flows.clock.instant()))
                .isTrue();
        Reply tokens = poll(codes.get("device_code"));
        assertThat(tokens.status()).as("%s", tokens).isEqualTo(200);
        assertNoStore(tokens);
        assertThat(tokens.json())
                .containsOnlyKeys("access_token", "token_type", "expires_in", "scope", "refresh_token", "id_token");
        JWTClaimsSet id =
                SignedJWT.parse((String) tokens.json().get("id_token")).getJWTClaimsSet();
        assertThat(id.getAudience()).containsExactly(TV);
        assertThat(id.getSubject()).isEqualTo(ALICE_SUB);
        assertThat(id.getIssuer()).isEqualTo(flows.issuer);
        assertThat(id.getClaims()).containsKeys("auth_time", "at_hash").doesNotContainKey("nonce");
        JWTClaimsSet at =
                SignedJWT.parse((String) tokens.json().get("access_token")).getJWTClaimsSet();
        assertThat(at.getSubject()).isEqualTo(ALICE_SUB);
        assertThat(at.getStringClaim("client_id")).isEqualTo(TV);

        assertError(poll(codes.get("device_code")), 400, "invalid_grant", "The device code was already used");

        // The device's refresh token works at the shared token endpoint, bound to the device client.
        Reply refreshed = flows.token(TV, TV_SECRET)
                .form("grant_type", "refresh_token", "refresh_token", (String)
                        tokens.json().get("refresh_token"))
                .send();
        assertThat(refreshed.status()).as("%s", refreshed).isEqualTo(200);
        assertThat(refreshed.json()).containsKeys("access_token", "refresh_token");
    }

    @Test
    void pollingFasterThanTheIntervalIsSlowDownAndRaisesIt() {
        Map<String, Object> codes = codes("openid");
        assertError(poll(codes.get("device_code")), 400, "authorization_pending", "The user has not answered yet");
        assertError(poll(codes.get("device_code")), 400, "slow_down", "Poll no more than every 10 s");
        flows.clock.advance(Duration.ofSeconds(10));
        assertError(poll(codes.get("device_code")), 400, "authorization_pending", "The user has not answered yet");
        flows.clock.advance(Duration.ofSeconds(5)); // the original interval is no longer enough
        assertError(poll(codes.get("device_code")), 400, "slow_down", "Poll no more than every 15 s");
        flows.clock.advance(Duration.ofSeconds(15));
        assertError(poll(codes.get("device_code")), 400, "authorization_pending", "The user has not answered yet");
    }

    @Test
    void aDeniedRequestIsAccessDenied() {
        Map<String, Object> codes = codes("openid");
        assertThat(flows.device.deny((String) codes.get("user_code"))).isTrue();
        assertError(poll(codes.get("device_code")), 400, "access_denied", "The user denied the request");
        assertThat(flows.device.approve((String) codes.get("user_code"), ALICE_SUB, flows.clock.instant()))
                .isFalse();
        flows.clock.advance(Duration.ofSeconds(5));
        assertError(poll(codes.get("device_code")), 400, "access_denied", "The user denied the request");
    }

    @Test
    void anExpiredDeviceCodeIsExpiredToken() {
        Map<String, Object> codes = codes("openid");
        flows.clock.advance(Duration.ofSeconds(601));
        assertError(poll(codes.get("device_code")), 400, "expired_token", "The device code has expired");
        assertThat(flows.device.approve((String) codes.get("user_code"), ALICE_SUB, flows.clock.instant()))
                .isFalse();
    }

    @Test
    void anotherClientCannotPollTheDeviceCode() {
        Map<String, Object> codes = codes("openid");
        assertError(
                poll(TV2, TV2_SECRET, codes.get("device_code")), 400, "invalid_grant", "The device code is invalid");
        // It did not count as the device's poll.
        assertError(poll(codes.get("device_code")), 400, "authorization_pending", "The user has not answered yet");

        flows.device.approve((String) codes.get("user_code"), ALICE_SUB, flows.clock.instant());
        assertError(
                poll(TV2, TV2_SECRET, codes.get("device_code")), 400, "invalid_grant", "The device code is invalid");
        // Nor did it redeem the approval.
        assertThat(poll(codes.get("device_code")).status()).isEqualTo(200);
    }

    @Test
    void anUnknownDeviceCodeIsInvalidGrant() {
        assertError(poll("no-such-code"), 400, "invalid_grant", "The device code is invalid");
    }

    @Test
    void discoveryOfTheComposedFlows() {
        for (String path : List.of("/.well-known/openid-configuration", TestServer.METADATA)) {
            Reply reply = flows.server.get(path).send();
            assertThat(reply.status()).isEqualTo(200);
            Map<String, Object> document = reply.json();
            assertThat(document)
                    .as(path)
                    .containsEntry("issuer", flows.issuer)
                    .containsEntry("authorization_endpoint", flows.issuer + ReadyFlows.AUTHORIZE)
                    .containsEntry("device_authorization_endpoint", flows.issuer + DEVICE)
                    .containsEntry("token_endpoint", flows.issuer + TestServer.TOKEN)
                    .containsEntry("jwks_uri", flows.issuer + "/oauth2/keys")
                    .containsEntry("response_types_supported", List.of("code"))
                    .containsEntry("authorization_response_iss_parameter_supported", true)
                    .containsEntry("code_challenge_methods_supported", List.of("S256"));
            assertThat(document.get("grant_types_supported"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                    .containsExactlyInAnyOrder("authorization_code", DEVICE_GRANT, "refresh_token");
            if (path.contains("openid")) {
                assertThat(document)
                        .containsEntry("userinfo_endpoint", flows.issuer + ReadyFlows.USERINFO)
                        .containsEntry("request_uri_parameter_supported", false)
                        .containsEntry("request_parameter_supported", false);
            }
        }
    }
}
