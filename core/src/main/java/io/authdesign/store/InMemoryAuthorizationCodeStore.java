package io.authdesign.store;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link AuthorizationCodeStore} in process memory. Codes are dropped at their expiry, lazily on
 * access and by a sweep at most every 30 seconds. Thread-safe; {@link #consume} is one atomic {@code
 * compute}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2">RFC 6749 section 4.1.2</a>
 */
public final class InMemoryAuthorizationCodeStore implements AuthorizationCodeStore {

    private record Entry(AuthorizationCodeGrant grant, boolean used) {}

    private final Map<String, Entry> codes = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Sweeper sweeper;

    /** Creates a store on the system clock. */
    public InMemoryAuthorizationCodeStore() {
        this(Clock.systemUTC());
    }

    /** Creates a store on the given clock. */
    public InMemoryAuthorizationCodeStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sweeper = new Sweeper(clock);
    }

    @Override
    public void save(AuthorizationCodeGrant grant) {
        Objects.requireNonNull(grant, "grant");
        sweep();
        Entry previous = codes.putIfAbsent(grant.codeHash(), new Entry(grant, false));
        if (previous != null) {
            throw new IllegalArgumentException("An authorization code with this hash is already stored");
        }
    }

    @Override
    public CodeRedemption consume(String code) {
        if (code == null) {
            return new CodeRedemption.Unknown();
        }
        sweep();
        CodeRedemption[] outcome = {new CodeRedemption.Unknown()};
        codes.computeIfPresent(TokenHashes.sha256(code), (hash, entry) -> {
            if (entry.grant().isExpiredAt(clock.instant())) {
                return null;
            }
            outcome[0] = entry.used()
                    ? new CodeRedemption.AlreadyRedeemed(entry.grant())
                    : new CodeRedemption.Redeemed(entry.grant());
            return new Entry(entry.grant(), true);
        });
        return outcome[0];
    }

    private void sweep() {
        if (sweeper.due()) {
            var now = clock.instant();
            codes.values().removeIf(entry -> entry.grant().isExpiredAt(now));
        }
    }
}
