package io.authdesign.store;

import java.util.Optional;

/**
 * Pushed authorization requests between the pushed authorization request endpoint and the authorization
 * request that uses them. A {@code request_uri} may be presented again while the user signs in and
 * consents (a page reload), and is used up once: when the authorization response is issued.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9126">RFC 9126</a>
 */
public interface PushedRequestStore {

    /**
     * Stores a pushed request.
     *
     * @param request the request
     * @throws IllegalArgumentException if a request with the same {@code request_uri} is stored
     */
    void save(PushedRequest request);

    /**
     * The live request of a {@code request_uri}: stored, not expired, not used up.
     *
     * @param requestUri the {@code request_uri} as presented (hashed here)
     * @return the request, or empty
     */
    Optional<PushedRequest> find(String requestUri);

    /**
     * Uses the request up, atomically: of any number of concurrent calls with the same live
     * {@code request_uri}, exactly one returns {@code true}.
     *
     * @param requestUri the {@code request_uri} as presented
     * @return whether this call used it up
     */
    boolean consume(String requestUri);
}
