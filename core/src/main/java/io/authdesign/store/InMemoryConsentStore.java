package io.authdesign.store;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ConsentStore} in process memory. Thread-safe; {@link #grant} merges atomically.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#Consent">OpenID Connect Core 1.0
 *     section 3.1.2.4</a>
 */
public final class InMemoryConsentStore implements ConsentStore {

    private record Key(String subject, String clientId) {}

    private final Map<Key, Set<String>> consents = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryConsentStore() {}

    @Override
    public Set<String> grantedScopes(String subject, String clientId) {
        if (subject == null || clientId == null) {
            return Set.of();
        }
        return consents.getOrDefault(new Key(subject, clientId), Set.of());
    }

    @Override
    public void grant(String subject, String clientId, Set<String> scopes) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Set<String> added = Set.copyOf(scopes);
        consents.merge(new Key(subject, clientId), added, (existing, more) -> {
            Set<String> union = new HashSet<>(existing);
            union.addAll(more);
            return Set.copyOf(union);
        });
    }

    @Override
    public void revoke(String subject, String clientId) {
        if (subject != null && clientId != null) {
            consents.remove(new Key(subject, clientId));
        }
    }

    @Override
    public Map<String, Set<String>> consentsOf(String subject) {
        Map<String, Set<String>> found = new java.util.TreeMap<>();
        consents.forEach((key, scopes) -> {
            if (key.subject().equals(subject)) {
                found.put(key.clientId(), scopes);
            }
        });
        return Map.copyOf(found);
    }
}
