package io.authdesign.token;

import io.authdesign.client.ClientAuthMethod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The grants a token endpoint serves, by {@code grant_type}: the built-in grants of a design's flows and
 * any extension grant the user registers, each with the settings of the flow that owns it. A
 * {@code MultipleFlows} merges its flows' registries. A grant type has one registration, except
 * {@code refresh_token}: several flows may each refresh their own tokens, and their handlers are asked in
 * registration order until one answers with something other than {@link io.authdesign.TokenResult#CONTINUE}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4">RFC 6749 section 4</a>
 */
public final class GrantRegistry {

    /**
     * A grant and the settings of the flow that owns it.
     *
     * @param grant the grant
     * @param settings its flow's settings
     */
    public record Entry(TokenGrant<?> grant, GrantSettings settings) {
        /** Validates the components. */
        public Entry {
            Objects.requireNonNull(grant, "grant");
            Objects.requireNonNull(settings, "settings");
        }
    }

    private final Map<String, List<Entry>> entries;

    private GrantRegistry(Map<String, List<Entry>> entries) {
        Map<String, List<Entry>> copy = new LinkedHashMap<>();
        entries.forEach((type, list) -> copy.put(type, List.copyOf(list)));
        this.entries = Collections.unmodifiableMap(copy);
    }

    /** Starts an empty registry. */
    public static Builder builder() {
        return new Builder();
    }

    /** The grant types served, in registration order. */
    public Set<String> grantTypes() {
        return entries.keySet();
    }

    /**
     * The registrations of a grant type, in the order their handlers are asked.
     *
     * @param grantType the {@code grant_type} value
     * @return the registrations; empty when the grant type is not served
     */
    public List<Entry> entries(String grantType) {
        return entries.getOrDefault(grantType, List.of());
    }

    /** The registration of a grant type that has exactly one. */
    public Optional<Entry> entry(String grantType) {
        List<Entry> found = entries(grantType);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /**
     * The client authentication methods of a grant type's registrations, each instance once, in
     * registration order: a request is authenticated once with them, whichever flow then answers it.
     */
    List<ClientAuthMethod> methods(String grantType) {
        Set<ClientAuthMethod> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ClientAuthMethod> methods = new ArrayList<>();
        for (Entry entry : entries(grantType)) {
            for (ClientAuthMethod method : entry.settings().methods()) {
                if (seen.add(method)) {
                    methods.add(method);
                }
            }
        }
        return methods;
    }

    /** Builds a {@link GrantRegistry}. */
    public static final class Builder {
        private final Map<String, List<Entry>> entries = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Registers a grant.
         *
         * @param grant the grant
         * @param settings the settings of the flow that owns it
         * @return this builder
         * @throws IllegalStateException when the grant type is registered already (except
         *     {@code refresh_token}, which may be registered by several flows)
         */
        public Builder add(TokenGrant<?> grant, GrantSettings settings) {
            Entry entry = new Entry(grant, settings);
            String type = grant.grantType().value();
            List<Entry> existing = entries.computeIfAbsent(type, key -> new ArrayList<>());
            if (!existing.isEmpty() && !type.equals(GrantType.REFRESH_TOKEN.value())) {
                throw new IllegalStateException("Two flows (or extension grants) serve the grant type '" + type
                        + "': add one flow per grant type");
            }
            existing.add(entry);
            return this;
        }

        /**
         * Registers every grant of another registry, after the ones already added.
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder addAll(GrantRegistry registry) {
            registry.entries.values().forEach(list -> list.forEach(entry -> add(entry.grant(), entry.settings())));
            return this;
        }

        /** Builds the registry. */
        public GrantRegistry build() {
            return new GrantRegistry(entries);
        }
    }
}
