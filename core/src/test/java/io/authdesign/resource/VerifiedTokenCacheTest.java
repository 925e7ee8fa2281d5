package io.authdesign.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.store.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Accepted tokens are verified once, until their expiry or the cache's age limit; refusals never cached. */
class VerifiedTokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = MutableClock.at(NOW);
    private final AtomicInteger verifications = new AtomicInteger();

    /** Accepts tokens starting with "good-" until their exp (the number after the dash, seconds from NOW). */
    private final AccessTokenVerifier verifier = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good-")) {
            return new AccessTokenVerification.Rejected("bad signature");
        }
        long exp = NOW.getEpochSecond() + Long.parseLong(token.substring(5));
        return clock.instant().getEpochSecond() < exp
                ? new AccessTokenVerification.Verified(Map.of("sub", "alice", "exp", exp))
                : new AccessTokenVerification.Rejected("expired");
    };

    @Test
    void verifyWhenTheSameTokenAgainThenVerifiedOnceWithTheSameClaims() {
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, clock);
        AccessTokenVerification first = cache.verify("good-300");
        for (int i = 0; i < 10; i++) {
            assertThat(cache.verify("good-300")).isEqualTo(first);
        }
        assertThat(first).isInstanceOf(AccessTokenVerification.Verified.class);
        assertThat(verifications).hasValue(1);
        cache.verify("good-301");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void verifyWhenTheTokenExpiredThenVerifiedAgainAndRefused() {
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, clock);
        cache.verify("good-30");
        clock.advance(Duration.ofSeconds(29));
        assertThat(cache.verify("good-30")).isInstanceOf(AccessTokenVerification.Verified.class);
        assertThat(verifications).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.verify("good-30")).isEqualTo(new AccessTokenVerification.Rejected("expired"));
        assertThat(verifications).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void verifyWhenOlderThanMaxAgeThenVerifiedAgainEvenIfNotExpired() {
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, clock, 10, Duration.ofSeconds(60));
        cache.verify("good-3600");
        clock.advance(Duration.ofSeconds(59));
        cache.verify("good-3600");
        assertThat(verifications).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        cache.verify("good-3600");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void verifyWhenRefusedThenNeverCached() {
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, clock);
        for (int i = 0; i < 5; i++) {
            assertThat(cache.verify("forged")).isEqualTo(new AccessTokenVerification.Rejected("bad signature"));
        }
        assertThat(verifications).hasValue(5);
        assertThat(cache.size()).isZero();
    }

    @Test
    void verifyWhenWithoutExpThenNotCached() {
        VerifiedTokenCache cache =
                new VerifiedTokenCache(token -> new AccessTokenVerification.Verified(Map.of("sub", "alice")), clock);
        cache.verify("t");
        assertThat(cache.size()).isZero();
    }

    @Test
    void verifyWhenManyDistinctTokensThenTheCacheStaysBounded() {
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, clock, 100, Duration.ofSeconds(60));
        for (int i = 0; i < 1000; i++) {
            cache.verify("good-" + (300 + i));
            assertThat(cache.size()).isLessThanOrEqualTo(100);
        }
        assertThat(verifications).hasValue(1000);
    }
}
