package io.authdesign.resource;

import com.nimbusds.jose.jwk.JWKSet;
import io.authdesign.jwt.PublicKeys;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * The issuer's signing keys from its {@code jwks_uri}, cached: fetched when first needed and again when
 * older than the maximum age; a token naming a {@code kid} the cached set lacks (a key just rotated in)
 * makes one refetch, at most once per minimum refresh interval whatever the tokens say; a failed fetch is
 * remembered for a short while, during which nothing is fetched and the last keys keep serving up to a
 * bounded staleness. One fetch at a time: requests that need keys meanwhile wait for its result. So a
 * protected route never fetches per request, and forged {@code kid}s cannot make it hammer the issuer.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414#section-2">RFC 8414 section 2 ({@code jwks_uri})</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
 */
final class RemoteJwks {

    /** Where the JWK Set is: the discovered {@code jwks_uri}, or a configured one. */
    @FunctionalInterface
    interface Location {
        URI uri() throws RemoteJson.Failure;
    }

    /** Timings of the cache. */
    record Timings(Duration maxAge, Duration minRefreshInterval, Duration retryAfterFailure, Duration staleIfError) {}

    /**
     * The cache: the keys and when they were fetched, when a fetch was last made for an unknown
     * {@code kid}, and until when a failure is remembered.
     */
    private record State(PublicKeys keys, Instant fetched, Instant lastKidRefresh, Instant failedUntil) {
        static final State EMPTY = new State(null, Instant.MIN, Instant.MIN, Instant.MIN);
    }

    private final Location location;
    private final RemoteJson remote;
    private final Clock clock;
    private final Timings timings;
    private final Logger logger;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile State state = State.EMPTY;

    RemoteJwks(Location location, RemoteJson remote, Clock clock, Timings timings, Logger logger) {
        this.location = location;
        this.remote = remote;
        this.clock = clock;
        this.timings = timings;
        this.logger = logger;
    }

    /**
     * The keys to verify a token with this {@code kid}, fetched when needed.
     *
     * @param kid the token's {@code kid}, or {@code null}
     * @return the keys (which may still lack the {@code kid}), or empty when none can be had now
     */
    Optional<PublicKeys> keys(String kid) {
        State current = state;
        if (fresh(current) && knows(current, kid)) {
            return Optional.of(current.keys());
        }
        if (!mayFetch(current)) {
            return usable(current);
        }
        lock.lock();
        try {
            current = state; // another request may have fetched meanwhile
            if (fresh(current) && knows(current, kid)) {
                return Optional.of(current.keys());
            }
            if (!mayFetch(current)) {
                return usable(current);
            }
            return fetch(current, fresh(current));
        } finally {
            lock.unlock();
        }
    }

    private Optional<PublicKeys> fetch(State current, boolean forUnknownKid) {
        Instant now = clock.instant();
        Instant lastKidRefresh = forUnknownKid ? now : current.lastKidRefresh();
        try {
            URI uri = location.uri();
            RemoteJson.Reply reply = remote.get(uri);
            if (reply.status() != 200) {
                throw new RemoteJson.Failure(uri + " answered " + reply.status());
            }
            PublicKeys keys = PublicKeys.of(JWKSet.parse(reply.json()));
            state = new State(keys, now, lastKidRefresh, Instant.MIN);
            return Optional.of(keys);
        } catch (RemoteJson.Failure | ParseException e) {
            state = new State(current.keys(), current.fetched(), lastKidRefresh, now.plus(timings.retryAfterFailure()));
            logger.warn("Fetching the authorization server's keys failed: {}", e.getMessage());
            return usable(state);
        }
    }

    /** Keys young enough to trust without asking again. */
    private boolean fresh(State current) {
        return current.keys() != null
                && clock.instant().isBefore(current.fetched().plus(timings.maxAge()));
    }

    private static boolean knows(State current, String kid) {
        return kid == null || current.keys().jwkSet().getKeyByKeyId(kid) != null;
    }

    /**
     * Whether a fetch may start: never while a recent failure is remembered; with fresh keys (the token's
     * {@code kid} is unknown) only when no other unknown {@code kid} made one within the minimum refresh
     * interval; otherwise yes.
     */
    private boolean mayFetch(State current) {
        Instant now = clock.instant();
        if (now.isBefore(current.failedUntil())) {
            return false;
        }
        return !fresh(current) || !now.isBefore(current.lastKidRefresh().plus(timings.minRefreshInterval()));
    }

    /** The keys that may still serve: fresh, or stale by no more than the staleness bound. */
    private Optional<PublicKeys> usable(State current) {
        if (current.keys() == null) {
            return Optional.empty();
        }
        Instant limit = current.fetched().plus(timings.maxAge()).plus(timings.staleIfError());
        return clock.instant().isBefore(limit) ? Optional.of(current.keys()) : Optional.empty();
    }
}
