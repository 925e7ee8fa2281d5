package io.authdesign.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ClientStore} in process memory. Thread-safe.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2">RFC 6749 section 2</a>
 */
public final class InMemoryClientStore implements ClientStore {

    private final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryClientStore() {}

    @Override
    public Optional<RegisteredClient> find(String clientId) {
        return clientId == null ? Optional.empty() : Optional.ofNullable(clients.get(clientId));
    }

    @Override
    public void save(RegisteredClient client) {
        Objects.requireNonNull(client, "client");
        clients.put(client.clientId(), client);
    }

    @Override
    public void delete(String clientId) {
        if (clientId != null) {
            clients.remove(clientId);
        }
    }
}
