package io.authdesign.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import io.authdesign.store.InMemoryAttemptStore;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.RegisteredClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The limit of registrations per client address: an address that registered its share is refused with 429
 * and Retry-After (RFC 6585 section 4), stores nothing more, and may register again once its window passed;
 * other addresses are not affected, and the addresses of one IPv6 /64 count together.
 */
class RegistrationLimitTest {

    static final ClientSecretHasher HASHER = ClientSecretHasher.withRandomKey(new SecureRandom());
    static final String METADATA = "{\"redirect_uris\": [\"https://rp.example.com/cb\"]}";

    Instant now = Instant.parse("2026-12-05T10:00:00Z");
    final List<String> saved = new ArrayList<>();
    final ClientStore clients = new ClientStore() {
        final InMemoryClientStore store = new InMemoryClientStore();

        @Override
        public Optional<RegisteredClient> find(String clientId) {
            return store.find(clientId);
        }

        @Override
        public void save(RegisteredClient client) {
            saved.add(client.clientId());
            store.save(client);
        }

        @Override
        public void delete(String clientId) {
            store.delete(clientId);
        }
    };
    /** Shared by the endpoints built at each request (as by the nodes of a server): the counts live here. */
    final InMemoryAttemptStore attempts = new InMemoryAttemptStore();

    /** An endpoint whose clock stands at {@link #now}. */
    ClientRegistrationEndpoint endpoint() {
        return ClientRegistrationEndpoint.builder()
                .issuer("https://as.example.com")
                .clients(clients, HASHER)
                .access(InitialAccess.open())
                .policy(new RegistrationPolicy(
                        Set.of("client_secret_basic"), Set.of("authorization_code"), Set.of("openid"), Set.of("RS256")))
                .registrationsPerAddress(2, Duration.ofMinutes(10))
                .attempts(attempts)
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .build();
    }

    HttpResponse register(String address, String body) {
        Endpoint post = endpoint().endpoints().stream()
                .filter(e -> e.method().equals("POST"))
                .findFirst()
                .orElseThrow();
        return post.handler()
                .handle(HttpRequest.builder("POST", ClientRegistrationEndpoint.DEFAULT_PATH)
                        .header("Content-Type", "application/json")
                        .remoteAddress(address)
                        .body(body)
                        .build());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse response) throws Exception {
        return new ObjectMapper().readValue(new String(response.body(), StandardCharsets.UTF_8), Map.class);
    }

    @Test
    void addressOverItsShareThen429WithRetryAfterAndNothingStoredUntilTheWindowPassed() throws Exception {
        // refused metadata registers nothing and does not count
        assertThat(register("203.0.113.7", "{\"redirect_uris\": [\"javascript:x\"]}")
                        .status())
                .isEqualTo(400);
        assertThat(register("203.0.113.7", METADATA).status()).isEqualTo(201);
        now = now.plusSeconds(60);
        assertThat(register("203.0.113.7", METADATA).status()).isEqualTo(201);
        now = now.plusSeconds(30);

        HttpResponse refused = register("203.0.113.7", METADATA);
        assertThat(refused.status()).isEqualTo(429);
        // ten minutes after the latest registration, which was 30 s ago
        assertThat(refused.headers("Retry-After")).containsExactly("570");
        assertThat(refused.headers("Cache-Control")).containsExactly("no-store");
        assertThat(json(refused))
                .containsEntry("error", "temporarily_unavailable")
                .containsEntry("error_description", "Too many clients registered from this address: try again later");
        assertThat(saved).hasSize(2);

        // another address is not affected
        assertThat(register("198.51.100.1", METADATA).status()).isEqualTo(201);

        now = now.plusSeconds(570);
        assertThat(register("203.0.113.7", METADATA).status()).isEqualTo(201);
        assertThat(saved).hasSize(4);
    }

    @Test
    void addressesOfOneIpv6Slash64ThenCountedTogether() {
        assertThat(register("2001:db8:1:2::10", METADATA).status()).isEqualTo(201);
        assertThat(register("[2001:db8:1:2:ffff::99]", METADATA).status()).isEqualTo(201);
        assertThat(register("2001:db8:1:2:abcd::1", METADATA).status()).isEqualTo(429);
        assertThat(register("2001:db8:1:3::10", METADATA).status()).isEqualTo(201);
    }

    @Test
    void limitBelowOneOrWithoutWindowThenRefusedAtBuild() {
        for (Runnable bad : List.<Runnable>of(
                () -> ClientRegistrationEndpoint.builder().registrationsPerAddress(0, Duration.ofHours(1)),
                () -> ClientRegistrationEndpoint.builder().registrationsPerAddress(5, Duration.ZERO),
                () -> ClientRegistrationEndpoint.builder().registrationsPerAddress(5, null))) {
            assertThatThrownBy(bad::run)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Need at least one registration and a positive window");
        }
    }
}
