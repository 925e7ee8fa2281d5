package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientSecretHasherTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final SecureRandom random = new SecureRandom();
    private final ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(random);

    @Test
    void matchesWhenPresentedSecretIsAnyOfSeveralActiveSecretsThenTrue() {
        String old = hasher.generateSecret();
        String current = hasher.generateSecret();
        String next = hasher.generateSecret();
        List<ClientSecret> secrets = List.of(
                new ClientSecret(hasher.hash(old), NOW.plus(Duration.ofDays(1))),
                ClientSecret.of(hasher.hash(current)),
                ClientSecret.of(hasher.hash(next)));

        assertThat(hasher.matches(old, secrets, NOW)).isTrue();
        assertThat(hasher.matches(current, secrets, NOW)).isTrue();
        assertThat(hasher.matches(next, secrets, NOW)).isTrue();
        assertThat(hasher.matches(hasher.generateSecret(), secrets, NOW)).isFalse();
    }

    @Test
    void matchesWhenSecretExpiredThenFalseWhileOthersStillMatch() {
        String expired = hasher.generateSecret();
        String current = hasher.generateSecret();
        List<ClientSecret> secrets =
                List.of(new ClientSecret(hasher.hash(expired), NOW), ClientSecret.of(hasher.hash(current)));

        assertThat(hasher.matches(expired, secrets, NOW)).isFalse();
        assertThat(hasher.matches(expired, secrets, NOW.minusSeconds(1))).isTrue();
        assertThat(hasher.matches(current, secrets, NOW)).isTrue();
    }

    @Test
    void matchesWhenHashPresentedInsteadOfSecretThenFalse() {
        String secret = hasher.generateSecret();
        String hash = hasher.hash(secret);
        assertThat(hash).isNotEqualTo(secret);
        assertThat(hasher.matches(hash, List.of(ClientSecret.of(hash)), NOW)).isFalse();
    }

    @Test
    void matchesWhenNothingPresentedOrStoredHashMalformedThenFalse() {
        assertThat(hasher.matches(null, List.of(ClientSecret.of(hasher.hash("s"))), NOW))
                .isFalse();
        assertThat(hasher.matches("s", List.of(), NOW)).isFalse();
        assertThat(hasher.matches("s", List.of(ClientSecret.of("not base64!")), NOW))
                .isFalse();
    }

    @Test
    void hashWhenOtherKeyThenDifferent() {
        ClientSecretHasher other = ClientSecretHasher.withRandomKey(random);
        assertThat(other.hash("secret")).isNotEqualTo(hasher.hash("secret"));
        assertThat(hasher.hash("secret")).isEqualTo(hasher.hash("secret"));
    }

    @Test
    void generateSecretWhenCalledThen256RandomBitsBase64url() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = hasher.generateSecret();
            assertThat(secret).matches("[A-Za-z0-9_-]{43}");
            secrets.add(secret);
        }
        assertThat(secrets).hasSize(100);
    }

    @Test
    void constructorWhenKeyShorterThan256BitsThenRejected() {
        assertThatThrownBy(() -> new ClientSecretHasher(new byte[16], random))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
