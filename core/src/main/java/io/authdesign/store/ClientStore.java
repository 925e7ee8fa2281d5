package io.authdesign.store;

import java.util.Optional;

/**
 * Registered clients. Clients do not expire; their secrets may ({@link ClientSecret#expiresAt()}).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2">RFC 6749 section 2</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7591#section-2">RFC 7591 section 2</a>
 */
public interface ClientStore {

    /** The client with this id, if registered. */
    Optional<RegisteredClient> find(String clientId);

    /** Registers the client, replacing any client with the same id. */
    void save(RegisteredClient client);

    /** Removes the client; does nothing if none has this id. */
    void delete(String clientId);
}
