package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyFlows.ALICE;
import static io.authdesign.testkit.ReadyFlows.ALICE_PASSWORD;
import static io.authdesign.testkit.ReadyFlows.DEVICE;
import static io.authdesign.testkit.ReadyFlows.DEVICE_GRANT;
import static io.authdesign.testkit.ReadyFlows.TV;
import static io.authdesign.testkit.ReadyFlows.TV_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.ready.AttemptLimits;
import io.authdesign.ready.DeviceVerificationPage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ready device flow's verification page, from the library (RFC 8628 section 3.3), over HTTP with its
 * default pages: code, sign-in, consent, approval; its forms parsed by the token endpoint's rules, so a
 * malformed or multipart body is a 400 page; CSRF tokens bound to the session.
 */
public abstract class DeviceVerificationPageSuite {

    private static final String PAGE = DeviceVerificationPage.DEFAULT_PATH;

    private ReadyFlows flows;

    @BeforeEach
    void start() {
        flows = new ReadyFlows();
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    private Map<String, Object> codes() {
        Reply reply = flows.server
                .post(DEVICE)
                .basic(TV, TV_SECRET)
                .form("scope", "openid")
                .send();
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.json();
    }

    private Reply poll(Map<String, Object> codes) {
        return flows.token(TV, TV_SECRET)
                .form("grant_type", DEVICE_GRANT, "device_code", (String) codes.get("device_code"))
                .send();
    }

    @Test
    void approveWhenCodeSignInAndConsentPostedThenTheDeviceGetsTokens() {
        Map<String, Object> codes = codes();
        String userCode = (String) codes.get("user_code");
        ReadyFlows.Browser browser = flows.browser();

        Reply entry = browser.get(PAGE + "?user_code=" + userCode);
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.header("Cache-Control")).contains("no-store");
        assertThat(entry.body()).contains("<h1>Connect a device</h1>").contains("value=\"" + userCode + "\"");
        Reply signIn = browser.submit(entry, "user_code", userCode);
        assertThat(signIn.status()).as("%s", signIn).isEqualTo(200);
        assertThat(signIn.body()).contains("<h1>Sign in</h1>");
        Reply consent = browser.submit(signIn, "user_code", userCode, "username", ALICE, "password", ALICE_PASSWORD);
        assertThat(consent.status()).as("%s", consent).isEqualTo(200);
        assertThat(consent.body()).contains("<h1>Allow access?</h1>").contains("<li>openid</li>");
        assertThat(poll(codes).json()).containsEntry("error", "authorization_pending");

        Reply done = browser.submit(consent, "user_code", userCode, "decision", "approve");
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).contains("Your device is connected");
        assertThat(poll(codes).json()).containsKeys("access_token", "id_token");
    }

    @Test
    void submitWhenTheBodyIsMalformedMultipartThen400PageAndNothingApproved() {
        Map<String, Object> codes = codes();
        String userCode = (String) codes.get("user_code");
        ReadyFlows.Browser browser = flows.browser();
        browser.get(PAGE);

        Reply reply = flows.server
                .post(PAGE)
                .contentType("multipart/form-data; boundary=x")
                .header("Cookie", "authdesign_csrf=" + browser.cookies.get("authdesign_csrf"))
                .body("--x\r\nContent-Disposition: form-data; name=\"user_code\"\r\n\r\n" + userCode)
                .send();

        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.body())
                .contains("<h1>Connect a device</h1>")
                .contains("The request body must be application&#47;x-www-form-urlencoded")
                .doesNotContain("Exception");
        assertThat(poll(codes).json()).containsEntry("error", "authorization_pending");
    }

    @Test
    void submitWithoutTheCsrfTokenOfThisBrowserAndSessionThen403() {
        Map<String, Object> codes = codes();
        String userCode = (String) codes.get("user_code");
        ReadyFlows.Browser browser = flows.browser();
        Reply entry = browser.get(PAGE);

        Reply forged = browser.post(PAGE, "csrf_token", "z".repeat(43), "user_code", userCode);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).contains("The form expired: please try again.");
        assertThat(browser.submit(entry, "user_code", userCode).status()).isEqualTo(200);
    }

    private static void assertTooManyCodes(Reply reply, long retryAfter) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(429);
        assertThat(reply.header("Retry-After")).contains(Long.toString(retryAfter));
        assertThat(reply.body()).contains("Too many wrong codes: try again in " + retryAfter + " s.");
    }

    @Test
    void userCodeGuessingWhenPastTheFreeFailuresOfTheSessionThen429EvenForTheRightCode() {
        String userCode = (String) codes().get("user_code");
        ReadyFlows.Browser attacker = flows.browser();
        Reply entry = attacker.get(PAGE);
        AttemptLimits limits = AttemptLimits.USER_CODE_SESSION_DEFAULTS;
        for (int i = 0; i <= limits.freeFailures(); i++) {
            Reply wrong = attacker.submit(entry, "user_code", "BCDF-GHJ" + "KLMNPQ".charAt(i));
            assertThat(wrong.status()).as("%s", wrong).isEqualTo(400);
            assertThat(wrong.body()).contains("This code is unknown or has expired.");
        }
        // blocked for 2 s: the code is not even looked up
        assertTooManyCodes(attacker.submit(entry, "user_code", userCode), 2);

        flows.clock.advance(Duration.ofSeconds(2));
        assertThat(attacker.submit(entry, "user_code", userCode).status()).isEqualTo(200);
    }

    @Test
    void userCodeGuessingWhenEachGuessComesFromANewSessionThenTheAddressIsLimited() {
        String userCode = (String) codes().get("user_code");
        AttemptLimits limits = AttemptLimits.USER_CODE_ADDRESS_DEFAULTS;
        for (int i = 0; i <= limits.freeFailures(); i++) {
            ReadyFlows.Browser fresh = flows.browser();
            Reply wrong = fresh.submit(fresh.get(PAGE), "user_code", "BCDF-GHJ" + (char) ('B' + i));
            assertThat(wrong.status()).as("%s", wrong).isEqualTo(400);
        }
        ReadyFlows.Browser fresh = flows.browser();
        Reply entry = fresh.get(PAGE);
        assertTooManyCodes(fresh.submit(entry, "user_code", userCode), 2);
        flows.clock.advance(Duration.ofSeconds(2));
        assertThat(fresh.submit(entry, "user_code", userCode).status()).isEqualTo(200);
    }
}
