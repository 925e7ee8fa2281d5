package io.authdesign.ready;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.authdesign.jwt.PublicKeys;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.RegisteredClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which registered client gets which key: only a client registered for the method of the assertion. */
class RegisteredClientKeysTest {

    private final InMemoryClientStore clients = new InMemoryClientStore();
    private ECKey key;
    private RegisteredClientKeys keys;

    @BeforeEach
    void register() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        clients.save(RegisteredClient.builder("key-client")
                .jwks(new JWKSet(key.toPublicJWK()).toString())
                .grantTypes("client_credentials")
                .build());
        clients.save(RegisteredClient.builder("hmac-client")
                .authMethods("client_secret_jwt")
                .grantTypes("client_credentials")
                .build());
        clients.save(RegisteredClient.builder("basic-client")
                .secret(ClientSecret.of("aGFzaA"))
                .grantTypes("client_credentials")
                .build());
        keys = RegisteredClientKeys.builder()
                .clients(clients)
                .sharedSecrets(clientId -> Optional.of("shared-secret-of-" + clientId + "-at-least-32-bytes"))
                .build();
    }

    private PublicKeys publicKeys(String clientId) {
        return keys.getPublicKeyForClient(clientId, Map.of(), "");
    }

    private String secret(String clientId) {
        return keys.getClientSecret(clientId, Map.of(), "");
    }

    @Test
    void privateKeyJwtClientWithJwksThenItsPublicKeysParsedOnce() {
        PublicKeys found = publicKeys("key-client");

        assertThat(found.jwkSet().getKeys()).containsExactly(key.toPublicJWK());
        assertThat(publicKeys("key-client")).isSameAs(found);
    }

    @Test
    void registeredJwksChangedThenTheNewKeys() throws Exception {
        PublicKeys before = publicKeys("key-client");
        ECKey next = new ECKeyGenerator(Curve.P_256).keyID("k2").generate();
        clients.save(clients.find("key-client").orElseThrow().toBuilder()
                .jwks(new JWKSet(next.toPublicJWK()).toString())
                .build());

        assertThat(publicKeys("key-client").jwkSet().getKeys()).containsExactly(next.toPublicJWK());
        assertThat(publicKeys("key-client")).isNotSameAs(before);
    }

    @Test
    void clientNotRegisteredForTheMethodThenNoKey() {
        assertThat(publicKeys("hmac-client")).isNull();
        assertThat(publicKeys("basic-client")).isNull();
        assertThat(publicKeys("nobody")).isNull();
        assertThat(secret("key-client")).isNull();
        assertThat(secret("basic-client")).isNull();
        assertThat(secret("nobody")).isNull();
    }

    @Test
    void clientSecretJwtClientThenTheApplicationsSharedSecret() {
        assertThat(secret("hmac-client")).isEqualTo("shared-secret-of-hmac-client-at-least-32-bytes");
    }

    @Test
    void noSharedSecretsThenEveryClientSecretJwtAssertionRefused() {
        RegisteredClientKeys withoutSecrets =
                RegisteredClientKeys.builder().clients(clients).build();
        assertThat(withoutSecrets.getClientSecret("hmac-client", Map.of(), "")).isNull();
    }

    @Test
    void builderWithoutStoreOrWithBadDurationsThenRefused() {
        assertThatThrownBy(() -> RegisteredClientKeys.builder().build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RegisteredClientKeys.builder().jwksCacheTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegisteredClientKeys.builder().fetchTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RegisteredClientKeys.DEFAULT_JWKS_CACHE_TTL).isEqualTo(Duration.ofMinutes(5));
    }
}
