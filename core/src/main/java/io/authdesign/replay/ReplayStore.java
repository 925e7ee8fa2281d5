package io.authdesign.replay;

import java.time.Duration;

/**
 * Remembers one-time values (client assertion and DPoP proof {@code jti}s) until they expire, so that
 * each is accepted once. Implementations must make {@link #add} atomic across every node that shares the
 * store.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7523#section-3">RFC 7523 section 3</a>
 */
public interface ReplayStore {

    /**
     * The longest client-chosen one-time value ({@code jti}) the library records: a longer one is refused
     * before it reaches a store, so that a client cannot make the store keep arbitrarily large entries.
     */
    int MAX_VALUE_LENGTH = 256;

    /**
     * Records a value if it is not already recorded.
     *
     * @param value the value, already namespaced by the caller
     * @param ttl how long to remember it
     * @return {@code true} if the value is new (accept it), {@code false} if it was seen (a replay)
     */
    boolean add(String value, Duration ttl);
}
