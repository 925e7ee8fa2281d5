package io.authdesign.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import io.authdesign.StoreUnavailableException;
import io.authdesign.keys.InMemoryKeyStore;
import io.authdesign.keys.JwksKeyStore;
import io.authdesign.keys.KeyLifecycle;
import io.authdesign.keys.StoredKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Signing and verification read the key store at most once a second, and ride out a short outage. */
class KeySnapshotTest {

    private static final String ISSUER = "https://as.example";
    private static final VerificationRules RULES =
            new VerificationRules(Set.of(SigningAlgorithm.ES256), "at+jwt", ISSUER, Set.of());

    /** A shared key store that counts reads and can be taken down. */
    private static final class FlakyStore implements JwksKeyStore {
        final InMemoryKeyStore delegate = new InMemoryKeyStore();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public void storeKeyPair(StoredKey key) {
            if (down.get()) {
                throw new StoreUnavailableException("down", null);
            }
            delegate.storeKeyPair(key);
        }

        @Override
        public List<StoredKey> getKeys(Instant now) {
            if (down.get()) {
                throw new StoreUnavailableException("down", null);
            }
            reads.incrementAndGet();
            return delegate.getKeys(now);
        }
    }

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final FlakyStore store = new FlakyStore();

    private JwtAuthority node() {
        KeyLifecycle lifecycle = KeyLifecycle.builder(store)
                .maxTokenLifetime(Duration.ofHours(1))
                .clock(clock)
                .build();
        return new JwtAuthority(
                new KeyRing(lifecycle, Set.of(SigningAlgorithm.ES256), LoggerFactory.getLogger("test")));
    }

    private SignedJwt sign(JwtAuthority authority) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("alice")
                .issueTime(Date.from(now.get()))
                .expirationTime(Date.from(now.get().plusSeconds(300)))
                .build();
        return authority.signer().sign(SigningAlgorithm.ES256, "at+jwt", claims);
    }

    @Test
    void signingAndVerifyingReadTheStoreOncePerSecond() {
        JwtAuthority node = node();
        SignedJwt first = sign(node);
        int readsAfterFirst = store.reads.get();

        for (int i = 0; i < 20; i++) {
            assertThat(node.verifier().verify(sign(node).token(), RULES)).isInstanceOf(JwtVerification.Verified.class);
        }
        assertThat(store.reads.get()).isEqualTo(readsAfterFirst);

        now.set(now.get().plus(KeyRing.SNAPSHOT_TTL));
        assertThat(node.verifier().verify(first.token(), RULES)).isInstanceOf(JwtVerification.Verified.class);
        assertThat(store.reads.get()).isEqualTo(readsAfterFirst + 1);
    }

    @Test
    void aKeyAnotherNodeJustCreatedVerifiesAtOnce() {
        String unknownKid = "eyJhbGciOiJFUzI1NiIsImtpZCI6Im5vcGUiLCJ0eXAiOiJhdCtqd3QifQ.e30.c2ln";
        JwtAuthority nodeA = node();
        JwtAuthority nodeB = node();
        // node A takes its snapshot while the store has no key
        assertThat(nodeA.verifier().verify(unknownKid, RULES))
                .isEqualTo(new JwtVerification.Rejected("unknown kid nope"));

        SignedJwt fromB = sign(nodeB); // B creates the first key, which signs at once
        assertThat(nodeA.verifier().verify(fromB.token(), RULES)).isInstanceOf(JwtVerification.Verified.class);
    }

    @Test
    void aShortStoreOutageKeepsSigningAndVerifyingWithTheLastKeys() {
        JwtAuthority node = node();
        SignedJwt before = sign(node);
        now.set(now.get().plusSeconds(30));
        store.down.set(true);

        SignedJwt during = sign(node);
        assertThat(during.kid()).isEqualTo(before.kid());
        assertThat(node.verifier().verify(before.token(), RULES)).isInstanceOf(JwtVerification.Verified.class);

        now.set(now.get().plus(KeyRing.SNAPSHOT_GRACE));
        assertThatThrownBy(() -> sign(node)).isInstanceOf(StoreUnavailableException.class);

        store.down.set(false);
        assertThat(node.verifier().verify(sign(node).token(), RULES)).isInstanceOf(JwtVerification.Verified.class);
    }

    @Test
    void withoutAnySnapshotAnOutageIsReportedNotHidden() {
        store.down.set(true);
        JwtAuthority node = node();
        assertThatThrownBy(() -> sign(node)).isInstanceOf(StoreUnavailableException.class);
    }
}
