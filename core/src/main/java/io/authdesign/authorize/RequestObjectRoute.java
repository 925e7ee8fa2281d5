package io.authdesign.authorize;

import com.nimbusds.jose.JWSAlgorithm;
import io.authdesign.jwt.PublicKeys;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Request objects at an authorization route (RFC 9101, OpenID Connect Core section 6), configured in
 * {@code route.requestObjects(objects -> ...)}: where a client's signing keys are found and which
 * algorithms are accepted. Unsigned request objects ({@code alg: none}) are never accepted.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9101">RFC 9101</a>
 */
public final class RequestObjectRoute {

    /** The algorithms accepted by default. */
    public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "PS256", "ES256", "EdDSA");

    /** How far in the future a request object's {@code exp} may be, by default: one hour. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(1);

    /** Finds the keys a client signs its request objects with. */
    @FunctionalInterface
    public interface KeyLookup {
        /**
         * The client's public keys.
         *
         * @param clientId the client
         * @return its keys, or {@code null} when it has none (its request objects are refused)
         * @throws Exception on failure: the request object is refused
         */
        PublicKeys keysOf(String clientId) throws Exception;
    }

    private KeyLookup keys;
    private final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
    private Duration maxLifetime = DEFAULT_MAX_LIFETIME;
    private boolean expiryRequired;

    RequestObjectRoute() {
        DEFAULT_ALGORITHMS.forEach(name -> algorithms.add(JWSAlgorithm.parse(name)));
    }

    /** Sets where clients' signing keys are found (required). */
    public RequestObjectRoute setKeys(KeyLookup lookup) {
        this.keys = Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    /**
     * Sets the accepted algorithms, replacing the defaults.
     *
     * @param names JWS algorithm names; {@code none} and HMAC algorithms are refused
     * @return this route
     */
    public RequestObjectRoute setAlgorithms(String... names) {
        Set<JWSAlgorithm> chosen = new LinkedHashSet<>();
        for (String name : names) {
            JWSAlgorithm alg = JWSAlgorithm.parse(name);
            if (!JWSAlgorithm.Family.SIGNATURE.contains(alg)) {
                throw new IllegalArgumentException("Request objects need an asymmetric signature: " + name);
            }
            chosen.add(alg);
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("At least one algorithm is needed");
        }
        algorithms.clear();
        algorithms.addAll(chosen);
        return this;
    }

    /**
     * Requires {@code exp} and {@code nbf} in every request object and bounds their distance, as FAPI 2.0
     * Message Signing does; without it they are checked when present.
     *
     * @param maxLifetime the longest {@code exp - nbf} accepted
     * @return this route
     */
    public RequestObjectRoute requireExpiry(Duration maxLifetime) {
        this.maxLifetime = Objects.requireNonNull(maxLifetime, "maxLifetime");
        this.expiryRequired = true;
        return this;
    }

    /** The key lookup. */
    public KeyLookup getKeys() {
        if (keys == null) {
            throw new IllegalStateException("Request objects need the clients' keys: call setKeys(...)");
        }
        return keys;
    }

    /** The accepted algorithms. */
    public Set<JWSAlgorithm> getAlgorithms() {
        return Set.copyOf(algorithms);
    }

    /** The accepted algorithms' names, in the order given. */
    public List<String> getAlgorithmNames() {
        return algorithms.stream().map(JWSAlgorithm::getName).toList();
    }

    /** The longest lifetime of a request object. */
    public Duration getMaxLifetime() {
        return maxLifetime;
    }

    /** Whether {@code exp} and {@code nbf} are required. */
    public boolean isExpiryRequired() {
        return expiryRequired;
    }
}
