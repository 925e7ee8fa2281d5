package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyFlows.ALICE;
import static io.authdesign.testkit.ReadyFlows.ALICE_PASSWORD;
import static io.authdesign.testkit.ReadyFlows.WEB;
import static io.authdesign.testkit.ReadyFlows.WEB_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.WEB_SECRET;
import static io.authdesign.testkit.ReadyFlows.authorizeUrl;
import static io.authdesign.testkit.ReadyFlows.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.ready.UserAccounts;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in floods cannot starve the server of CPU (RFC 6749 section 10.10): at most a bounded number of
 * passwords are checked at once, and a sign-in beyond the bound is answered 503 with Retry-After at once,
 * not queued. Shown deterministically with a password check that blocks until the test releases it.
 */
public abstract class PasswordCheckBoundSuite {

    private static final String BLOCKING_PASSWORD = "blocks until released";

    private final CountDownLatch checking = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private ReadyFlows flows;

    @BeforeEach
    void start() {
        flows = ReadyFlows.withSignIn(this::blockingOnDemand, 1);
    }

    @AfterEach
    void stop() {
        release.countDown();
        flows.close();
    }

    /** The users, whose password check of {@link #BLOCKING_PASSWORD} holds its thread until released. */
    private UserAccounts blockingOnDemand(UserAccounts users) {
        return new UserAccounts() {
            @Override
            public Optional<String> authenticate(String username, String password) {
                if (password.equals(BLOCKING_PASSWORD)) {
                    checking.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return users.authenticate(username, password);
            }

            @Override
            public Map<String, Object> claims(String subject) {
                return users.claims(subject);
            }
        };
    }

    private Reply signInPage(ReadyFlows.Browser browser) {
        Reply page = browser.get(authorizeUrl(request(WEB, WEB_REDIRECT, null)));
        assertThat(page.status()).isEqualTo(200);
        return page;
    }

    @Test
    void signInWhenEveryPasswordCheckIsBusyThen503AtOnceAndTheTokenEndpointStillAnswers() throws Exception {
        ReadyFlows.Browser slow = flows.browser();
        Reply slowPage = signInPage(slow);
        CompletableFuture<Reply> held = CompletableFuture.supplyAsync(
                () -> slow.submit(slowPage, "username", "bob", "password", BLOCKING_PASSWORD));
        assertThat(checking.await(30, TimeUnit.SECONDS))
                .as("the first check started")
                .isTrue();

        ReadyFlows.Browser browser = flows.browser();
        Reply busy = browser.submit(signInPage(browser), "username", ALICE, "password", ALICE_PASSWORD);
        assertThat(busy.status()).as("%s", busy).isEqualTo(503);
        assertThat(busy.header("Retry-After")).contains("1");
        assertThat(busy.body()).contains("The server is busy: try again in 1 s.");
        assertThat(busy.headers("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("authdesign_session="));

        // the token endpoint answers meanwhile: it checks no password
        Reply token = flows.token(WEB, WEB_SECRET)
                .form("grant_type", "authorization_code", "code", "unknown", "redirect_uri", WEB_REDIRECT)
                .send();
        assertThat(token.status()).isEqualTo(400);
        assertThat(token.json()).containsEntry("error", "invalid_grant");

        release.countDown();
        assertThat(held.get(30, TimeUnit.SECONDS).status()).isEqualTo(401);
        // the slot is free again, and the refused attempt was not counted as a failure
        Reply signedIn = browser.submit(signInPage(browser), "username", ALICE, "password", ALICE_PASSWORD);
        assertThat(signedIn.status()).as("%s", signedIn).isEqualTo(200);
        assertThat(signedIn.body()).contains("<title>Consent</title>");
    }
}
