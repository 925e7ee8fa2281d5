package io.authdesign.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SessionStore} in process memory, keyed by the hash of the session id. Sessions are dropped at
 * their expiry, lazily on access and by a sweep at most every 30 seconds. Thread-safe.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#Authenticates">OpenID Connect Core
 *     1.0 section 3.1.2.3</a>
 */
public final class InMemorySessionStore implements SessionStore {

    /** A session without its id, which is not kept. */
    private record Stored(String subject, Instant authTime, String acr, Set<String> amr, Instant expiresAt) {}

    private final Map<String, Stored> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SecureRandom random;
    private final Sweeper sweeper;

    /** Creates a store on the system clock. */
    public InMemorySessionStore() {
        this(Clock.systemUTC());
    }

    /** Creates a store on the given clock. */
    public InMemorySessionStore(Clock clock) {
        this(clock, new SecureRandom());
    }

    /** Creates a store on the given clock and random source. */
    public InMemorySessionStore(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.sweeper = new Sweeper(clock);
    }

    @Override
    public UserSession create(String subject, Instant authTime, String acr, Set<String> amr, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A session lifetime must be positive");
        }
        sweep();
        String id = newId();
        UserSession session =
                new UserSession(id, subject, authTime, acr, amr, clock.instant().plus(ttl));
        sessions.put(
                TokenHashes.sha256(id),
                new Stored(session.subject(), session.authTime(), session.acr(), session.amr(), session.expiresAt()));
        return session;
    }

    @Override
    public Optional<UserSession> find(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        sweep();
        Instant now = clock.instant();
        String hash = TokenHashes.sha256(sessionId);
        Stored stored = sessions.get(hash);
        if (stored == null) {
            return Optional.empty();
        }
        if (!now.isBefore(stored.expiresAt())) {
            sessions.remove(hash, stored);
            return Optional.empty();
        }
        return Optional.of(new UserSession(
                sessionId, stored.subject(), stored.authTime(), stored.acr(), stored.amr(), stored.expiresAt()));
    }

    @Override
    public void delete(String sessionId) {
        if (sessionId != null) {
            sessions.remove(TokenHashes.sha256(sessionId));
        }
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void sweep() {
        if (sweeper.due()) {
            Instant now = clock.instant();
            sessions.values().removeIf(stored -> !now.isBefore(stored.expiresAt()));
        }
    }
}
