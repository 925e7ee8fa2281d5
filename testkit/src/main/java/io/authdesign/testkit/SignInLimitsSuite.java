package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyFlows.ALICE;
import static io.authdesign.testkit.ReadyFlows.ALICE_PASSWORD;
import static io.authdesign.testkit.ReadyFlows.WEB;
import static io.authdesign.testkit.ReadyFlows.WEB_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.authorizeUrl;
import static io.authdesign.testkit.ReadyFlows.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.ready.AttemptLimits;
import io.authdesign.ready.ReadyAuthorizationCodeFlow;
import io.authdesign.ready.SignInGuard;
import io.authdesign.ready.UserAccounts;
import io.authdesign.store.AttemptStore;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.InMemoryAttemptStore;
import io.authdesign.store.InMemoryAuthorizationCodeStore;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.InMemoryConsentStore;
import io.authdesign.store.InMemoryRefreshTokenStore;
import io.authdesign.store.InMemorySessionStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Password guessing at the ready flow's sign-in page (RFC 6749 section 10.10), performed over HTTP: per
 * account, growing delays then a lockout that refuses even the right password; per address, over many
 * accounts; the same answer for an account that does not exist. Delays are answered 429 with Retry-After,
 * never by holding the request.
 */
public abstract class SignInLimitsSuite {

    private static final String SESSION = "authdesign_session";

    private ReadyFlows flows;

    @BeforeEach
    void start() {
        flows = new ReadyFlows();
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    private Reply attempt(ReadyFlows.Browser browser, String username, String password) {
        Reply page = browser.get(authorizeUrl(request(WEB, WEB_REDIRECT, null)));
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        return browser.submit(page, "username", username, "password", password);
    }

    private static void assertWrongPassword(Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(reply.header("Retry-After")).isEmpty();
        assertThat(reply.body()).contains("Wrong username or password");
    }

    private static void assertTooManyAttempts(Reply reply, long retryAfter) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(429);
        assertThat(reply.header("Retry-After")).contains(Long.toString(retryAfter));
        assertThat(reply.body()).contains("Too many sign-in attempts: try again in " + retryAfter + " s.");
        assertThat(reply.headers("Set-Cookie")).noneMatch(cookie -> cookie.startsWith(SESSION + "="));
    }

    private static void assertSignedIn(Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.body()).contains("<title>Consent</title>");
        assertThat(reply.headers("Set-Cookie")).anyMatch(cookie -> cookie.startsWith(SESSION + "="));
    }

    @Test
    void signInWhenTenWrongPasswordsThenTheRightOneIsRefusedUntilTheLockoutEnds() {
        ReadyFlows.Browser attacker = flows.browser();
        for (int i = 1; i <= AttemptLimits.ACCOUNT_DEFAULTS.lockoutFailures(); i++) {
            assertWrongPassword(attempt(attacker, ALICE, "guess-" + i));
            flows.clock.advance(AttemptLimits.ACCOUNT_DEFAULTS.maxDelay());
        }

        // locked for 15 minutes after the 10th failure: even the right password, from another browser
        Reply locked = attempt(flows.browser(), ALICE, ALICE_PASSWORD);
        assertTooManyAttempts(locked, Duration.ofMinutes(15).minusSeconds(60).toSeconds());

        flows.clock.advance(Duration.ofMinutes(14).minusSeconds(1));
        assertTooManyAttempts(attempt(flows.browser(), ALICE, ALICE_PASSWORD), 1);
        flows.clock.advance(Duration.ofSeconds(1));
        assertSignedIn(attempt(flows.browser(), ALICE, ALICE_PASSWORD));
    }

    @Test
    void signInWhenPastTheFreeFailuresThenEachDelayIsAnswered429AndDoubles() {
        ReadyFlows.Browser browser = flows.browser();
        for (int i = 0; i < AttemptLimits.ACCOUNT_DEFAULTS.freeFailures(); i++) {
            assertWrongPassword(attempt(browser, ALICE, "guess-" + i));
        }
        assertWrongPassword(attempt(browser, ALICE, "guess-4")); // the 4th: 1 s delay from now
        assertTooManyAttempts(attempt(browser, ALICE, ALICE_PASSWORD), 1);

        flows.clock.advance(Duration.ofSeconds(1));
        assertWrongPassword(attempt(browser, ALICE, "guess-5")); // the 5th: 2 s
        assertTooManyAttempts(attempt(browser, ALICE, "guess-6"), 2);
        flows.clock.advance(Duration.ofSeconds(1));
        assertTooManyAttempts(attempt(browser, ALICE, ALICE_PASSWORD), 1);

        flows.clock.advance(Duration.ofSeconds(1));
        assertSignedIn(attempt(browser, ALICE, ALICE_PASSWORD));
        // a success forgets the account's failures
        assertWrongPassword(attempt(flows.browser(), ALICE, "guess-7"));
        assertWrongPassword(attempt(flows.browser(), ALICE, "guess-8"));
    }

    @Test
    void signInWhenTheAccountDoesNotExistThenTheSameAnswers() {
        for (String username : new String[] {ALICE, "mallory"}) {
            for (int i = 0; i <= AttemptLimits.ACCOUNT_DEFAULTS.freeFailures(); i++) {
                assertWrongPassword(attempt(flows.browser(), username, "guess-" + i));
            }
            assertTooManyAttempts(attempt(flows.browser(), username, "guess"), 1);
            // the username is compared without case and surrounding spaces
            assertTooManyAttempts(attempt(flows.browser(), " " + username.toUpperCase(java.util.Locale.ROOT), "x"), 1);
        }
    }

    @Test
    void signInWhenOneAddressGuessesManyAccountsThenItIsSlowedDownForEveryAccount() {
        int free = AttemptLimits.ADDRESS_DEFAULTS.freeFailures();
        for (int i = 0; i <= free; i++) {
            assertWrongPassword(attempt(flows.browser(), "user-" + i, "password"));
        }
        // alice's account has no failure, but this address is blocked for 1 s
        assertTooManyAttempts(attempt(flows.browser(), ALICE, ALICE_PASSWORD), 1);
        flows.clock.advance(Duration.ofSeconds(1));
        assertSignedIn(attempt(flows.browser(), ALICE, ALICE_PASSWORD));
    }

    @Test
    void readmeGuardWhenConfiguredThenItsLimitsApply() {
        AttemptStore attemptStore = new InMemoryAttemptStore();
        InMemoryClientStore clientStore = new InMemoryClientStore();
        ClientSecretHasher secretHasher = ClientSecretHasher.withRandomKey(new SecureRandom());
        InMemoryAuthorizationCodeStore codes = new InMemoryAuthorizationCodeStore();
        InMemoryRefreshTokenStore refreshTokens = new InMemoryRefreshTokenStore();
        InMemoryConsentStore consents = new InMemoryConsentStore();
        InMemorySessionStore sessions = new InMemorySessionStore();
        UserAccounts userAccounts = new UserAccounts() {
            @Override
            public Optional<String> authenticate(String username, String password) {
                return Optional.empty();
            }

            @Override
            public Map<String, Object> claims(String subject) {
                return Map.of();
            }
        };
        // snippet:sign-in-guard:begin
        SignInGuard guard = SignInGuard.builder()
                .attempts(attemptStore) // every node's: JdbcStores.attempts() or RedisStores.attempts()
                .accountLimits(AttemptLimits.ACCOUNT_DEFAULTS)
                .addressLimits(new AttemptLimits(
                        50, Duration.ofSeconds(1), Duration.ofSeconds(30), 200, Duration.ofMinutes(10)))
                .build();
        ReadyAuthorizationCodeFlow flow = ReadyAuthorizationCodeFlow.builder()
                .clients(clientStore, secretHasher)
                .codes(codes)
                .refreshTokens(refreshTokens)
                .consents(consents)
                .sessions(sessions)
                .users(userAccounts)
                .signInGuard(guard) // the device verification page takes the same guard
                .build();
        // snippet:sign-in-guard:end
        assertThat(flow).isNotNull();
        for (int i = 0; i < AttemptLimits.ACCOUNT_DEFAULTS.freeFailures() + 1; i++) {
            assertThat(guard.signIn(userAccounts, "bob", "guess", "192.0.2.1")).isEqualTo(new SignInGuard.Refused());
        }
        assertThat(guard.signIn(userAccounts, "bob", "guess", "192.0.2.1"))
                .isInstanceOfSatisfying(SignInGuard.TryLater.class, later -> {
                    assertThat(later.status()).isEqualTo(429);
                    assertThat(later.retryAfterSeconds()).isEqualTo(1);
                });
    }
}
