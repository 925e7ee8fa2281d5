package io.authdesign.resource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, for a short while, the access tokens a verifier accepted: a client sends the same token on
 * many requests, and checking its signature again each time costs more than the rest of the request. An
 * entry is keyed by the whole token (so a token that differs in one character is verified afresh), lives
 * until the token's {@code exp} or {@code maxAge}, whichever is sooner, and is never consulted after the
 * token expired; a token without {@code exp} is not cached. Only acceptances are cached: a refusal is
 * always decided again. What follows verification (the revocation list, the flow's validator, the DPoP
 * proof and its binding) runs on every request, so a revoked grant is refused at once.
 *
 * <p>Bounded: past {@code maxEntries}, expired entries are dropped, and if that is not enough the cache
 * starts over, so memory never grows with the number of distinct tokens presented.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068#section-4">RFC 9068 section 4</a>
 */
public final class VerifiedTokenCache implements AccessTokenVerifier {

    /** How many tokens are remembered by default. */
    public static final int DEFAULT_MAX_ENTRIES = 4096;

    /** How long a token is remembered at most by default, whatever its {@code exp}. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);

    private record Entry(AccessTokenVerification.Verified verified, Instant until) {}

    private final AccessTokenVerifier verifier;
    private final Clock clock;
    private final int maxEntries;
    private final Duration maxAge;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * A cache in front of a verifier.
     *
     * @param verifier the verifier whose acceptances are remembered
     * @param clock the clock the tokens' expiry is compared with
     * @param maxEntries how many tokens are remembered at most
     * @param maxAge how long a token is remembered at most
     */
    public VerifiedTokenCache(AccessTokenVerifier verifier, Clock clock, int maxEntries, Duration maxAge) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("A verified token cache holds at least one token");
        }
        this.maxEntries = maxEntries;
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    /** A cache with {@link #DEFAULT_MAX_ENTRIES} and {@link #DEFAULT_MAX_AGE}. */
    public VerifiedTokenCache(AccessTokenVerifier verifier, Clock clock) {
        this(verifier, clock, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_AGE);
    }

    @Override
    public AccessTokenVerification verify(String token) {
        Instant now = clock.instant();
        Entry entry = entries.get(token);
        if (entry != null) {
            if (now.isBefore(entry.until())) {
                return entry.verified();
            }
            entries.remove(token, entry);
        }
        AccessTokenVerification result = verifier.verify(token);
        if (result instanceof AccessTokenVerification.Verified verified) {
            Instant expires = expiry(verified.claims());
            if (expires != null && now.isBefore(expires)) {
                Instant until = now.plus(maxAge);
                remember(token, new Entry(verified, expires.isBefore(until) ? expires : until), now);
            }
        }
        return result;
    }

    /** How many tokens are remembered now. */
    public int size() {
        return entries.size();
    }

    private void remember(String token, Entry entry, Instant now) {
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(old -> !now.isBefore(old.until()));
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(token, entry);
    }

    /** The {@code exp} claim as an instant: seconds since the epoch, as a number (RFC 7519 section 4.1.4). */
    private static Instant expiry(Map<String, Object> claims) {
        return claims.get("exp") instanceof Number seconds ? Instant.ofEpochSecond(seconds.longValue()) : null;
    }
}
