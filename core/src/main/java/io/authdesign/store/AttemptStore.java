package io.authdesign.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Failed attempts at guessing something (a password, a device user code), counted per key (an account,
 * a client address, a browser session) so that a limit holds across every node sharing the store. A
 * key's record lives until {@code ttl} after its latest failure; a failure after that starts a new count.
 * Keys are opaque to the store: callers pass a hash, never a username or an address in clear.
 *
 * <p>{@link #recordFailure} is one atomic operation: of any number of concurrent failures of one key,
 * each gets its own count.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10.10">RFC 6749 section 10.10</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-5.1">RFC 8628 section 5.1</a>
 */
public interface AttemptStore {

    /** The longest key a store must accept. */
    int MAX_KEY_LENGTH = 128;

    /**
     * Counts one failure of {@code key} at {@code now}.
     *
     * @param key the key, at most {@link #MAX_KEY_LENGTH} characters
     * @param now the time of the failure
     * @param ttl how long the record lives after this failure; positive
     * @return the record after this failure: its count includes it and its latest failure is {@code now}
     */
    Attempts recordFailure(String key, Instant now, Duration ttl);

    /**
     * The unexpired record of {@code key}.
     *
     * @param key the key
     * @param now the time of the question
     * @return the record, empty when there is none or it expired
     */
    Optional<Attempts> find(String key, Instant now);

    /** Forgets {@code key} (a successful attempt); does nothing for an unknown key. */
    void clear(String key);

    /**
     * A key's failures since its count started.
     *
     * @param failures the number of failures, at least 1
     * @param lastFailureAt the latest failure
     */
    record Attempts(int failures, Instant lastFailureAt) {
        /** Validates the components. */
        public Attempts {
            if (failures < 1) {
                throw new IllegalArgumentException("A record counts at least one failure");
            }
            java.util.Objects.requireNonNull(lastFailureAt, "lastFailureAt");
        }
    }

    /** Checks a key and a lifetime, for implementations. */
    static void check(String key, Duration ttl) {
        java.util.Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("An attempt key has 1 to " + MAX_KEY_LENGTH + " characters");
        }
        java.util.Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("An attempt record's lifetime must be positive");
        }
    }
}
