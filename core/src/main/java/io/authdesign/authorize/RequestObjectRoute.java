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

    /** Says whether a client registered a {@code request_uri} it may send by reference. */
    @FunctionalInterface
    public interface RequestUriRegistry {
        /**
         * Whether the client registered this {@code request_uri} ({@code request_uris}, OIDC Dynamic Client
         * Registration 1.0 section 2); the server fetches only registered URIs.
         *
         * @param clientId the client
         * @param requestUri the URI it sent, compared without its fragment
         * @return whether it is registered
         * @throws Exception on failure: the request is refused
         */
        boolean isRegistered(String clientId, String requestUri) throws Exception;
    }

    /** The longest request object fetched by reference: 64 KiB. */
    public static final int MAX_FETCHED_BYTES = 64 * 1024;

    /** How long fetching a request object by reference may take, in all: 5 seconds. */
    public static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

    private KeyLookup keys;
    private RequestUriRegistry requestUris;
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

    /**
     * Accepts request objects by reference (RFC 9101 section 5.2, OIDC Core section 6.2): a
     * {@code request_uri} that is not a pushed request's is fetched, but only when the client registered it
     * (so the server never fetches a URI an attacker chose), with no redirect followed, at most {@value
     * #MAX_FETCHED_BYTES} bytes and {@link #FETCH_TIMEOUT} in all; what it holds is checked as a {@code
     * request} by value. Without it, such a {@code request_uri} is {@code request_uri_not_supported}.
     *
     * @param registry which URIs each client registered
     * @return this route
     */
    public RequestObjectRoute setRequestUris(RequestUriRegistry registry) {
        this.requestUris = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /** The registry of request URIs, when request objects are accepted by reference. */
    public java.util.Optional<RequestUriRegistry> getRequestUris() {
        return java.util.Optional.ofNullable(requestUris);
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
