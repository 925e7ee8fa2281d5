package io.authdesign.ready;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2ErrorCode;
import io.authdesign.client.ClientAuthentication;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.flow.OAuth2Flow;
import io.authdesign.http.Endpoint;
import io.authdesign.http.FormRequest;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.jwt.JwtAuthority;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.jwt.KeyRing;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.keys.InMemoryKeyStore;
import io.authdesign.keys.KeyLifecycle;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.token.ClientCredentialsTokenContext;
import io.authdesign.token.TokenRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The token endpoint checks a client once per request: the flow's client check ({@code verifyClient}) looks the
 * client up and hashes its secret, and the ready handler, which verifies the client again, takes that result
 * for the same request instead of a second lookup (a query with a database store). RFC 6749 section 3.2.1.
 */
class ClientCheckedOnceTest {

    private static final String SECRET = "reports-secret-0123456789";

    private final ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(new SecureRandom());
    private final CountingClients clients = new CountingClients();
    private final JwtHelpers jwt = new JwtHelpers(
            new JwtAuthority(new KeyRing(
                    KeyLifecycle.builder(new InMemoryKeyStore())
                            .maxTokenLifetime(Duration.ofMinutes(1))
                            .build(),
                    Set.of(SigningAlgorithm.ES256),
                    LoggerFactory.getLogger(ClientCheckedOnceTest.class))),
            "https://auth.example.com",
            SigningAlgorithm.ES256,
            SigningAlgorithm.ES256,
            60,
            List.of(),
            false,
            Clock.systemUTC());
    private Endpoint token;

    @BeforeEach
    void design() {
        clients.save(RegisteredClient.builder("reports")
                .secret(ClientSecret.of(hasher.hash(SECRET)))
                .grantTypes("client_credentials")
                .scopes("read")
                .build());
        ReadyClientCredentialsFlow flow =
                ReadyClientCredentialsFlow.builder().clients(clients, hasher).build();
        OAuth2Flow design = flow.install(OAuth2ClientCredentialsBuilder.create())
                .setIssuer("https://auth.example.com")
                .build();
        token = design.endpoints().stream()
                .filter(endpoint -> endpoint.path().equals(design.getTokenPath()))
                .findFirst()
                .orElseThrow();
        clients.finds.set(0);
    }

    @Test
    void tokenRequestLooksTheClientUpOnce() {
        HttpResponse response = token.serve(() -> tokenRequest(SECRET));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyAsString()).contains("\"access_token\"");
        assertThat(clients.finds).hasValue(1);
    }

    @Test
    void eachRequestIsCheckedOnItsOwn() {
        assertThat(token.serve(() -> tokenRequest(SECRET)).status()).isEqualTo(200);
        HttpResponse wrong = token.serve(() -> tokenRequest("not-the-secret"));
        assertThat(token.serve(() -> tokenRequest(SECRET)).status()).isEqualTo(200);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.bodyAsString()).contains("\"error\":\"" + OAuth2ErrorCode.INVALID_CLIENT.value() + "\"");
        assertThat(clients.finds).hasValue(3);
    }

    /**
     * The attack: credentials equal to ones just checked, in another object (another request), get no share of
     * that check; a memo is taken once, by its own object.
     */
    @Test
    void aMemoServesOnlyItsOwnObject() {
        ClientVerifier verifier = new ClientVerifier(clients, hasher, Clock.systemUTC());
        HttpRequest http = tokenRequest(SECRET);
        ClientAuthentication checked =
                new ClientAuthentication("reports", SECRET, ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        ClientAuthentication equal =
                new ClientAuthentication("reports", "not-the-secret", ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        assertThat(verifier.credentials(checked, http)).isEmpty();
        assertThat(clients.finds).hasValue(1);

        // another object: checked again, and its wrong secret is refused although "reports" was just verified
        assertThat(verifier.verify(context(equal, http))).isInstanceOf(ClientVerifier.Refused.class);
        assertThat(clients.finds).hasValue(2);
        // the object the memo was made for: no second lookup, and the memo is then gone
        assertThat(verifier.verify(context(checked, http))).isInstanceOf(ClientVerifier.Verified.class);
        assertThat(clients.finds).hasValue(2);
        assertThat(verifier.verify(context(checked, http))).isInstanceOf(ClientVerifier.Verified.class);
        assertThat(clients.finds).hasValue(3);
    }

    @Test
    void aFailedCheckLeavesNoMemo() {
        ClientVerifier verifier = new ClientVerifier(clients, hasher, Clock.systemUTC());
        HttpRequest http = tokenRequest("not-the-secret");
        ClientAuthentication refused =
                new ClientAuthentication("reports", "not-the-secret", ClientAuthenticationMethod.CLIENT_SECRET_BASIC);

        assertThat(verifier.credentials(refused, http)).isPresent();
        assertThat(verifier.verify(context(refused, http))).isInstanceOf(ClientVerifier.Refused.class);
        assertThat(clients.finds).hasValue(2);
    }

    private ClientCredentialsTokenContext context(ClientAuthentication client, HttpRequest http) {
        try {
            return new ClientCredentialsTokenContext(TokenRequest.builder()
                    .form(FormRequest.parse(http))
                    .client(client)
                    .tokenType("Bearer")
                    .ttl(60)
                    .jwt(jwt)
                    .build());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpRequest tokenRequest(String secret) {
        String basic = Base64.getEncoder().encodeToString(("reports:" + secret).getBytes(UTF_8));
        return HttpRequest.builder("POST", "/oauth2/token")
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("grant_type=client_credentials")
                .build();
    }

    /** A client store that counts its lookups. */
    private static final class CountingClients implements ClientStore {
        private final ClientStore clients = new InMemoryClientStore();
        private final AtomicInteger finds = new AtomicInteger();

        @Override
        public Optional<RegisteredClient> find(String clientId) {
            finds.incrementAndGet();
            return clients.find(clientId);
        }

        @Override
        public void save(RegisteredClient client) {
            clients.save(client);
        }

        @Override
        public void delete(String clientId) {
            clients.delete(clientId);
        }
    }
}
