package io.authdesign.store;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link PushedRequestStore} in process memory. Requests are dropped at their expiry or when used up,
 * lazily on access and by a sweep at most every 30 seconds. Thread-safe; {@link #consume} is one atomic
 * {@code remove}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9126">RFC 9126</a>
 */
public final class InMemoryPushedRequestStore implements PushedRequestStore {

    private final Map<String, PushedRequest> requests = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Sweeper sweeper;

    /** Creates a store on the system clock. */
    public InMemoryPushedRequestStore() {
        this(Clock.systemUTC());
    }

    /** Creates a store on the given clock. */
    public InMemoryPushedRequestStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sweeper = new Sweeper(clock);
    }

    @Override
    public void save(PushedRequest request) {
        Objects.requireNonNull(request, "request");
        sweep();
        if (requests.putIfAbsent(request.requestUriHash(), request) != null) {
            throw new IllegalArgumentException("A pushed request with this request_uri is stored");
        }
    }

    @Override
    public Optional<PushedRequest> find(String requestUri) {
        if (requestUri == null) {
            return Optional.empty();
        }
        sweep();
        return Optional.ofNullable(requests.get(TokenHashes.sha256(requestUri)))
                .filter(request -> !request.isExpiredAt(clock.instant()));
    }

    @Override
    public boolean consume(String requestUri) {
        if (requestUri == null) {
            return false;
        }
        PushedRequest removed = requests.remove(TokenHashes.sha256(requestUri));
        return removed != null && !removed.isExpiredAt(clock.instant());
    }

    private void sweep() {
        if (sweeper.due()) {
            var now = clock.instant();
            requests.values().removeIf(request -> request.isExpiredAt(now));
        }
    }
}
