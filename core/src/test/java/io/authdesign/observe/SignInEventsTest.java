package io.authdesign.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.ready.AttemptLimits;
import io.authdesign.ready.SignInGuard;
import io.authdesign.ready.UserAccounts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The sign-in guard reports each outcome; a throttled attempt is reported before any password check. */
class SignInEventsTest {

    private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

    private static final UserAccounts USERS = new UserAccounts() {
        @Override
        public Optional<String> authenticate(String username, String password) {
            return username.equals("alice") && password.equals("right") ? Optional.of("alice") : Optional.empty();
        }

        @Override
        public Map<String, Object> claims(String subject) {
            return Map.of();
        }
    };

    @Test
    void failuresBeyondTheFreeOnesThenFailedThenThrottledAndNoPasswordInAnyEvent() {
        SignInGuard guard = SignInGuard.builder()
                .accountLimits(
                        new AttemptLimits(1, Duration.ofMinutes(1), Duration.ofMinutes(1), 10, Duration.ofMinutes(15)))
                .events(events::add)
                .build();

        guard.signIn(USERS, "alice", "right", "10.0.0.7");
        guard.signIn(USERS, "alice", "wrong-1", "10.0.0.7");
        guard.signIn(USERS, "alice", "wrong-2", "10.0.0.7");
        guard.signIn(USERS, "alice", "right", "10.0.0.7");

        assertThat(events)
                .containsExactly(
                        new AuthEvent.SignInSucceeded("alice", "10.0.0.7"),
                        new AuthEvent.SignInFailed("10.0.0.7"),
                        new AuthEvent.SignInFailed("10.0.0.7"),
                        new AuthEvent.SignInThrottled("10.0.0.7", 429));
        assertThat(events.toString()).doesNotContain("right", "wrong");
    }
}
