package io.authdesign.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link SessionStore} in process memory, keyed by the hash of the session id, with the grants of each
 * session by its {@code sid}. Sessions are dropped at their expiry, lazily on access and by a sweep at most
 * every 30 seconds. Thread-safe: every method holds the store's lock, so ending a session and reading its
 * grants is one step.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#Authenticates">OpenID Connect Core
 *     1.0 section 3.1.2.3</a>
 */
public final class InMemorySessionStore implements SessionStore {

    /** A session without its id, which is not kept. */
    private record Stored(
            String subject, Instant authTime, String acr, Set<String> amr, Instant expiresAt, String sid) {}

    private final Map<String, Stored> sessions = new HashMap<>();
    private final Map<String, String> hashBySid = new HashMap<>();
    private final Map<String, List<SessionGrant>> grantsBySid = new HashMap<>();
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
    public synchronized UserSession create(
            String subject, Instant authTime, String acr, Set<String> amr, Duration ttl) {
        return store(subject, authTime, acr, amr, ttl, newId());
    }

    @Override
    public synchronized UserSession renew(
            UserSession session, Instant authTime, String acr, Set<String> amr, Duration ttl) {
        Objects.requireNonNull(session, "session");
        Stored old = sessions.remove(TokenHashes.sha256(session.id()));
        if (old == null || !old.sid().equals(session.sid())) {
            // ended meanwhile (a logout in another tab): the sign-in starts a new session
            return store(session.subject(), authTime, acr, amr, ttl, newId());
        }
        return store(session.subject(), authTime, acr, amr, ttl, session.sid());
    }

    private UserSession store(String subject, Instant authTime, String acr, Set<String> amr, Duration ttl, String sid) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A session lifetime must be positive");
        }
        sweep();
        UserSession session = new UserSession(
                newId(), subject, authTime, acr, amr, clock.instant().plus(ttl), sid);
        String hash = TokenHashes.sha256(session.id());
        sessions.put(
                hash,
                new Stored(
                        session.subject(), session.authTime(), session.acr(), session.amr(), session.expiresAt(), sid));
        hashBySid.put(sid, hash);
        return session;
    }

    @Override
    public synchronized Optional<UserSession> find(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        sweep();
        String hash = TokenHashes.sha256(sessionId);
        Stored stored = live(hash);
        if (stored == null) {
            return Optional.empty();
        }
        return Optional.of(new UserSession(
                sessionId,
                stored.subject(),
                stored.authTime(),
                stored.acr(),
                stored.amr(),
                stored.expiresAt(),
                stored.sid()));
    }

    @Override
    public synchronized boolean isActive(String sid) {
        String hash = sid == null ? null : hashBySid.get(sid);
        return hash != null && live(hash) != null;
    }

    @Override
    public synchronized void recordGrant(UserSession session, SessionGrant grant) {
        Objects.requireNonNull(grant, "grant");
        if (isActive(session.sid())) {
            grantsBySid.computeIfAbsent(session.sid(), sid -> new ArrayList<>()).add(grant);
        }
    }

    @Override
    public synchronized Optional<EndedSession> end(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        String hash = TokenHashes.sha256(sessionId);
        Stored stored = live(hash);
        if (stored == null) {
            return Optional.empty();
        }
        sessions.remove(hash);
        hashBySid.remove(stored.sid());
        List<SessionGrant> grants = grantsBySid.remove(stored.sid());
        UserSession session = new UserSession(
                sessionId,
                stored.subject(),
                stored.authTime(),
                stored.acr(),
                stored.amr(),
                stored.expiresAt(),
                stored.sid());
        return Optional.of(new EndedSession(session, grants == null ? List.of() : grants));
    }

    /** The unexpired session under this hash; an expired one is dropped with its grants. */
    private Stored live(String hash) {
        Stored stored = sessions.get(hash);
        if (stored == null) {
            return null;
        }
        if (!clock.instant().isBefore(stored.expiresAt())) {
            drop(hash, stored);
            return null;
        }
        return stored;
    }

    private void drop(String hash, Stored stored) {
        sessions.remove(hash);
        if (hash.equals(hashBySid.get(stored.sid()))) {
            hashBySid.remove(stored.sid());
            grantsBySid.remove(stored.sid());
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
            new HashMap<>(sessions).forEach((hash, stored) -> {
                if (!now.isBefore(stored.expiresAt())) {
                    drop(hash, stored);
                }
            });
        }
    }
}
