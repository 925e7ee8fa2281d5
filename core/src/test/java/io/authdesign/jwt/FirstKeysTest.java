package io.authdesign.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.authdesign.keys.InMemoryKeyStore;
import io.authdesign.keys.KeyLifecycle;
import io.authdesign.keys.StoredKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.slf4j.LoggerFactory;

/**
 * A server starts listening while its first keys are made ({@link KeyRing#checkAndRotateKeysAsync()}): a token
 * signed meanwhile waits for its own algorithm's key, and never makes a second one.
 */
class FirstKeysTest {

    @RepeatedTest(5)
    void tokensSignedWhileTheFirstKeysAreMadeThenSignedByThemAndNoOtherKeyIsMade() {
        InMemoryKeyStore store = new InMemoryKeyStore();
        KeyLifecycle lifecycle = KeyLifecycle.builder(store)
                .rotation(Duration.ofDays(1), store)
                .publicKeyExpiry(Duration.ofDays(3))
                .maxTokenLifetime(Duration.ofHours(1))
                .build();
        KeyRing ring = new KeyRing(
                lifecycle,
                Set.of(SigningAlgorithm.ES256, SigningAlgorithm.RS256, SigningAlgorithm.PS256),
                LoggerFactory.getLogger("test"));
        JwtAuthority authority = new JwtAuthority(ring);

        CompletableFuture<Boolean> rotation = ring.checkAndRotateKeysAsync();
        // at once, as a request that arrives while the keys are generated
        SignedJwt es256 = sign(authority, SigningAlgorithm.ES256);
        SignedJwt rs256 = sign(authority, SigningAlgorithm.RS256);

        assertThat(rotation.join()).isTrue();
        List<StoredKey> keys = store.getKeys(Instant.now());
        Map<String, List<String>> kidsByAlgorithm = keys.stream()
                .collect(Collectors.groupingBy(
                        StoredKey::algorithm, Collectors.mapping(StoredKey::kid, Collectors.toList())));
        assertThat(kidsByAlgorithm).containsOnlyKeys("ES256", "RS256", "PS256");
        assertThat(kidsByAlgorithm.values()).allSatisfy(kids -> assertThat(kids).hasSize(1));
        assertThat(es256.kid()).isEqualTo(kidsByAlgorithm.get("ES256").get(0));
        assertThat(rs256.kid()).isEqualTo(kidsByAlgorithm.get("RS256").get(0));
        VerificationRules rules = new VerificationRules(
                Set.of(SigningAlgorithm.ES256, SigningAlgorithm.RS256), "at+jwt", "https://as.example", Set.of());
        assertThat(authority.verifier().verify(es256.token(), rules)).isInstanceOf(JwtVerification.Verified.class);
        assertThat(authority.verifier().verify(rs256.token(), rules)).isInstanceOf(JwtVerification.Verified.class);

        // the rotation was claimed: a second check does nothing
        assertThat(ring.checkAndRotateKeysAsync().join()).isFalse();
    }

    private static SignedJwt sign(JwtAuthority authority, SigningAlgorithm algorithm) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("https://as.example")
                .subject("alice")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .build();
        return authority.signer().sign(algorithm, "at+jwt", claims);
    }
}
