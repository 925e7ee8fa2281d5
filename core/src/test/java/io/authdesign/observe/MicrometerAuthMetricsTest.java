package io.authdesign.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each event lands in its meter with its tags, counted exactly. */
class MicrometerAuthMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerAuthMetrics metrics = new MicrometerAuthMetrics(registry);

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void eventsThenCountersAndTimerWithTheirTags() {
        metrics.onEvent(new AuthEvent.TokenIssued("client_credentials", "svc"));
        metrics.onEvent(new AuthEvent.TokenIssued("client_credentials", "svc"));
        metrics.onEvent(new AuthEvent.TokenIssued("refresh_token", "web"));
        metrics.onEvent(new AuthEvent.ErrorReturned("/oauth2/token", "invalid_client"));
        metrics.onEvent(new AuthEvent.StoreFailed("/oauth2/token"));
        metrics.onEvent(new AuthEvent.KeysRotated());
        metrics.onEvent(new AuthEvent.RefreshReuseDetected("web", "grant-1"));
        metrics.onEvent(new AuthEvent.SignInThrottled("10.0.0.1", 429));
        metrics.onEvent(new AuthEvent.SignInSucceeded("alice", "10.0.0.1"));
        metrics.onEvent(new AuthEvent.SignInFailed("10.0.0.1"));
        metrics.onEvent(new AuthEvent.ConsentGranted("alice", "web", Set.of("openid")));
        metrics.onEvent(new AuthEvent.TokenRevoked("web"));
        metrics.onEvent(new AuthEvent.GrantRevoked("grant-1"));
        metrics.onEvent(new AuthEvent.EndpointServed("POST", "/oauth2/token", 200, Duration.ofMillis(3)));

        assertThat(count(MicrometerAuthMetrics.TOKENS_ISSUED, "grant_type", "client_credentials", "client_id", "svc"))
                .isEqualTo(2.0);
        assertThat(count(MicrometerAuthMetrics.TOKENS_ISSUED, "grant_type", "refresh_token", "client_id", "web"))
                .isEqualTo(1.0);
        assertThat(count(MicrometerAuthMetrics.ERRORS, "endpoint", "/oauth2/token", "error", "invalid_client"))
                .isEqualTo(1.0);
        assertThat(count(MicrometerAuthMetrics.STORE_FAILURES, "endpoint", "/oauth2/token"))
                .isEqualTo(1.0);
        assertThat(count(MicrometerAuthMetrics.KEY_ROTATIONS)).isEqualTo(1.0);
        assertThat(count(MicrometerAuthMetrics.REFRESH_REUSE, "client_id", "web"))
                .isEqualTo(1.0);
        assertThat(count(MicrometerAuthMetrics.SIGN_INS, "outcome", "throttled"))
                .isEqualTo(1.0);
        assertThat(count(MicrometerAuthMetrics.SIGN_INS, "outcome", "success")).isEqualTo(1.0);
        assertThat(count(MicrometerAuthMetrics.SIGN_INS, "outcome", "failure")).isEqualTo(1.0);
        assertThat(count(MicrometerAuthMetrics.CONSENTS, "client_id", "web")).isEqualTo(1.0);
        assertThat(count(MicrometerAuthMetrics.REVOCATIONS, "kind", "token")).isEqualTo(1.0);
        assertThat(count(MicrometerAuthMetrics.REVOCATIONS, "kind", "grant")).isEqualTo(1.0);
        assertThat(registry.get(MicrometerAuthMetrics.REQUESTS)
                        .tags("method", "POST", "endpoint", "/oauth2/token", "status", "200")
                        .timer()
                        .count())
                .isEqualTo(1);
    }
}
