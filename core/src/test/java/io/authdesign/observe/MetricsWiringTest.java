package io.authdesign.observe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.flow.MultipleFlows;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.ready.ReadyClientCredentialsFlow;
import io.authdesign.ready.ReadyTokenLifecycle;
import io.authdesign.ready.SignInGuard;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.InMemoryGrantRevocationStore;
import io.authdesign.store.InMemoryRefreshTokenStore;
import io.authdesign.store.RegisteredClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The README's wiring of the metrics, compiled and run: a token issued is counted by grant and client. */
class MetricsWiringTest {

    @Test
    void readmeWiringThenTokenIssuedCounted() {
        MeterRegistry meterRegistry = new SimpleMeterRegistry();
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(new SecureRandom());
        InMemoryClientStore clients = new InMemoryClientStore();
        clients.save(RegisteredClient.builder("reports")
                .secret(ClientSecret.of(hasher.hash("reports-secret")))
                .grantTypes("client_credentials")
                .build());

        // snippet:metrics-wiring:begin
        MicrometerAuthMetrics metrics = new MicrometerAuthMetrics(meterRegistry);
        SignInGuard signIn = SignInGuard.builder().events(metrics).build(); // for the ready user flows
        ReadyTokenLifecycle lifecycle = ReadyTokenLifecycle.builder()
                .clients(clients, hasher)
                .refreshTokens(new InMemoryRefreshTokenStore())
                .revocations(new InMemoryGrantRevocationStore())
                .events(metrics)
                .build();
        ReadyClientCredentialsFlow serviceTokens = ReadyClientCredentialsFlow.builder()
                .lifecycle(lifecycle)
                .clients(clients, hasher)
                .build();
        MultipleFlows design = MultipleFlowsBuilder.create()
                .setIssuer("https://auth.example.com")
                .setEventListener(metrics)
                .add(serviceTokens.install(OAuth2ClientCredentialsBuilder.create()))
                .build();
        // snippet:metrics-wiring:end

        assertThat(signIn).isNotNull();
        Endpoint token = design.endpoints().stream()
                .filter(endpoint -> endpoint.path().equals(design.getTokenPath()))
                .findFirst()
                .orElseThrow();
        String basic = Base64.getEncoder().encodeToString("reports:reports-secret".getBytes(UTF_8));
        assertThat(token.serve(() -> HttpRequest.builder("POST", design.getTokenPath())
                                .header("Authorization", "Basic " + basic)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .body("grant_type=client_credentials")
                                .build())
                        .status())
                .isEqualTo(200);
        assertThat(meterRegistry
                        .get(MicrometerAuthMetrics.TOKENS_ISSUED)
                        .tags("grant_type", "client_credentials", "client_id", "reports")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }
}
