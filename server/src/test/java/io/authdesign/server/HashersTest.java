package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client secrets and user passwords are held only as hashes, and only the right value matches. */
class HashersTest {

    private final SecureRandom random = new SecureRandom();

    /** The secrets of a client holding this one hash. */
    private static List<ClientSecret> stored(String hash) {
        return List.of(ClientSecret.of(hash));
    }

    @Test
    void secretHashIsNotTheSecretAndMatchesOnlyIt() {
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(random);
        String hash = hasher.hash("change-me");
        assertThat(Base64.getUrlDecoder().decode(hash))
                .hasSize(32)
                .isNotEqualTo("change-me".getBytes(StandardCharsets.UTF_8));
        Instant now = Instant.now();
        assertThat(hasher.matches("change-me", stored(hash), now)).isTrue();
        assertThat(hasher.matches("change-me ", stored(hash), now)).isFalse();
        assertThat(hasher.matches("Change-me", stored(hash), now)).isFalse();
        assertThat(hasher.matches("change", stored(hash), now)).isFalse();
        assertThat(hasher.matches("", stored(hash), now)).isFalse();
    }

    @Test
    void secretHashesAreKeyedPerHasher() {
        String first = ClientSecretHasher.withRandomKey(random).hash("change-me");
        ClientSecretHasher other = ClientSecretHasher.withRandomKey(random);
        assertThat(other.hash("change-me")).isNotEqualTo(first);
        assertThat(other.matches("change-me", stored(first), Instant.now())).isFalse();
    }

    @Test
    void passwordHashDerivedInTheBackgroundMatchesOnlyThePasswordAndTheDecoyNothing() {
        PasswordHasher hasher = new PasswordHasher(random);
        PasswordHasher.Hash later = hasher.hashLater("correct horse");
        assertThat(hasher.matches("correct horse", later)).isTrue();
        assertThat(hasher.matches("correct horse!", later)).isFalse();
        assertThat(later.derived()).isCompleted();
        PasswordHasher.Hash decoy = hasher.decoy();
        assertThat(decoy.value()).hasSize(32);
        assertThat(hasher.matches("decoy password for unknown users", decoy)).isFalse();
        assertThat(hasher.matches("", decoy)).isFalse();
    }

    @Test
    void passwordHashDerivedLaterBeginsOnlyWhenAskedOrNeeded() {
        PasswordHasher hasher = new PasswordHasher(random);
        PasswordHasher.Hash asked = hasher.hashLater("correct horse");
        PasswordHasher.Hash needed = hasher.hashLater("correct horse");
        assertThat(asked.derived()).isNotDone();
        asked.begin();
        asked.begin();
        assertThat(asked.derived().join()).hasSize(32);
        assertThat(needed.derived()).isNotDone();
        // a sign-in before the server began the derivation begins it and waits for it
        assertThat(hasher.matches("correct horse", needed)).isTrue();
        assertThat(needed.value()).isNotEqualTo(asked.value());
    }

    @Test
    void passwordHashIsSaltedAndMatchesOnlyThePassword() {
        PasswordHasher hasher = new PasswordHasher(random);
        PasswordHasher.Hash hash = hasher.hash("correct horse");
        PasswordHasher.Hash again = hasher.hash("correct horse");
        assertThat(hash.salt()).hasSize(16).isNotEqualTo(again.salt());
        assertThat(hash.value()).hasSize(32).isNotEqualTo(again.value());
        assertThat(hash.value()).isNotEqualTo("correct horse".getBytes(StandardCharsets.UTF_8));
        assertThat(hasher.matches("correct horse", hash)).isTrue();
        assertThat(hasher.matches("correct horse", again)).isTrue();
        assertThat(hasher.matches("correct horse ", hash)).isFalse();
        assertThat(hasher.matches("", hash)).isFalse();
    }

    @Test
    void loadedUsersHoldOnlyPasswordHashes() throws ConfigException {
        LoadedConfig config = new ConfigLoader(random).parse("users.yaml", """
                        issuer: https://as.example.com
                        users:
                          - username: alice
                            password: wonder-land-42
                        """);
        PasswordHasher.Hash stored = config.users().get("alice").password();
        assertThat(new String(stored.value(), StandardCharsets.ISO_8859_1)).doesNotContain("wonder-land-42");
        assertThat(new PasswordHasher(random).matches("wonder-land-42", stored)).isTrue();
        assertThat(new PasswordHasher(random).matches("wonder-land-43", stored)).isFalse();
    }
}
