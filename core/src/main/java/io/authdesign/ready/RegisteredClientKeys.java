package io.authdesign.ready;

import com.nimbusds.jose.JWSObject;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.client.ClientSecretJwt;
import io.authdesign.client.PrivateKeyJwt;
import io.authdesign.jwt.PublicKeys;
import io.authdesign.store.ClientStore;
import io.authdesign.store.RegisteredClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys that verify the client assertions of registered clients (RFC 7523 section 2.2): give it to
 * {@link PrivateKeyJwt#getPublicKeyForClient} and {@link ClientSecretJwt#getClientSecret}. A client gets a
 * key only when the {@link ClientStore} has it registered for that very method, so an assertion of an
 * unknown client, or of a client registered for other methods, is refused.
 *
 * <ul>
 *   <li>{@code private_key_jwt}: the client's registered {@code jwks}, or the JWK Set at its
 *       {@code jwks_uri}, fetched without following redirects and cached for {@link #DEFAULT_JWKS_CACHE_TTL}
 *       (RFC 7591 section 2), or fetched sooner when an assertion names a key id the cached set lacks, at
 *       most once per 30 seconds (OpenID Connect Core section 10.1.1, a client that rotated its keys). A failed fetch gives no key (the assertion is refused) and is logged; it is
 *       tried again on the next assertion.
 *   <li>{@code client_secret_jwt}: the HMAC key is the client secret itself, which a {@link ClientStore}
 *       does not keep (it holds keyed hashes): {@link Builder#sharedSecrets} supplies it from where the
 *       application keeps it. Without that source every {@code client_secret_jwt} assertion is refused.
 * </ul>
 *
 * <pre>{@code
 * RegisteredClientKeys keys = RegisteredClientKeys.builder().clients(store).build();
 * flow.addClientAuthenticationMethod(new PrivateKeyJwt().getPublicKeyForClient(keys).addAlgorithm("ES256"));
 * }</pre>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7523#section-2.2">RFC 7523 section 2.2</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7591#section-2">RFC 7591 section 2 ({@code jwks},
 *     {@code jwks_uri})</a>
 */
public final class RegisteredClientKeys implements PrivateKeyJwt.KeyLookup, ClientSecretJwt.SecretLookup {

    /** How long a client's JWK Set fetched from its {@code jwks_uri} is used before it is fetched again. */
    public static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(5);

    /** How long a {@code jwks_uri} fetch may take, connection included. */
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Where the HMAC keys of {@code client_secret_jwt} clients are kept: a vault, a key service, a
     * configuration file. The secret must be at least as long as the hash of the algorithm (32 bytes for
     * HS256, RFC 7518 section 3.2).
     *
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc7518#section-3.2">RFC 7518 section 3.2</a>
     */
    @FunctionalInterface
    public interface SharedSecrets {
        /**
         * The client's secret.
         *
         * @param clientId a client registered for {@code client_secret_jwt}
         * @return its secret, or empty when there is none
         */
        Optional<String> find(String clientId);
    }

    private record ParsedJwks(String document, PublicKeys keys) {}

    private final ClientStore clients;
    private final SharedSecrets sharedSecrets;
    private final JwksUriFetcher fetcher;
    private final Map<String, ParsedJwks> inline = new ConcurrentHashMap<>();

    private RegisteredClientKeys(Builder builder) {
        this.clients = Objects.requireNonNull(builder.clients, "clients");
        this.sharedSecrets = builder.sharedSecrets;
        this.fetcher = new JwksUriFetcher(builder.clock, builder.jwksCacheTtl, builder.fetchTimeout);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The public keys of a client registered for {@code private_key_jwt}: its {@code jwks}, or the cached
     * JWK Set of its {@code jwks_uri}.
     *
     * @return the keys, or {@code null} (refused) for another client or when the keys cannot be fetched
     */
    @Override
    public PublicKeys getPublicKeyForClient(String clientId, Map<String, Object> claims, String assertion) {
        Optional<RegisteredClient> client = registeredFor(clientId, ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        if (client.isEmpty()) {
            return null;
        }
        if (client.get().jwks() != null) {
            return parsed(client.get());
        }
        return client.get().jwksUri() == null
                ? null
                : fetcher.keys(URI.create(client.get().jwksUri()), keyId(assertion))
                        .orElse(null);
    }

    /** The {@code kid} of the assertion's header, or {@code null} (the caller refuses a malformed one). */
    private static String keyId(String assertion) {
        try {
            return assertion == null
                    ? null
                    : JWSObject.parse(assertion).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            return null;
        }
    }

    /**
     * The public keys a registered client signs with, whatever its authentication method: its
     * {@code jwks}, or the cached JWK Set of its {@code jwks_uri} (for request objects, RFC 9101 section 6.2).
     *
     * @param clientId the client
     * @return the keys, or {@code null} for an unknown client, one without keys, or keys that cannot be fetched
     */
    public PublicKeys signingKeys(String clientId) {
        Optional<RegisteredClient> client = clients.find(clientId);
        if (client.isEmpty()) {
            return null;
        }
        if (client.get().jwks() != null) {
            return parsed(client.get());
        }
        return client.get().jwksUri() == null
                ? null
                : fetcher.keys(URI.create(client.get().jwksUri())).orElse(null);
    }

    /**
     * The HMAC key of a client registered for {@code client_secret_jwt}, from {@link Builder#sharedSecrets}.
     *
     * @return the secret, or {@code null} (refused) for another client or when the source has none
     */
    @Override
    public String getClientSecret(String clientId, Map<String, Object> claims, String assertion) {
        return registeredFor(clientId, ClientAuthenticationMethod.CLIENT_SECRET_JWT)
                .flatMap(client -> sharedSecrets.find(client.clientId()))
                .orElse(null);
    }

    private Optional<RegisteredClient> registeredFor(String clientId, ClientAuthenticationMethod method) {
        return clients.find(clientId).filter(client -> client.authMethods().contains(method.value()));
    }

    /** The client's inline JWK Set, parsed once per registered document. */
    private PublicKeys parsed(RegisteredClient client) {
        ParsedJwks cached = inline.get(client.clientId());
        if (cached != null && cached.document().equals(client.jwks())) {
            return cached.keys();
        }
        PublicKeys keys = PublicKeys.parse(client.jwks());
        inline.put(client.clientId(), new ParsedJwks(client.jwks(), keys));
        return keys;
    }

    @Override
    public String toString() {
        return "RegisteredClientKeys[" + clients + "]";
    }

    /**
     * Builds {@link RegisteredClientKeys}; the client store is required.
     *
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc7523#section-2.2">RFC 7523 section 2.2</a>
     */
    public static final class Builder {
        private ClientStore clients;
        private SharedSecrets sharedSecrets = clientId -> Optional.empty();
        private Duration jwksCacheTtl = DEFAULT_JWKS_CACHE_TTL;
        private Duration fetchTimeout = DEFAULT_FETCH_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The registered clients. */
        public Builder clients(ClientStore store) {
            this.clients = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Where the {@code client_secret_jwt} clients' secrets are kept; none by default. */
        public Builder sharedSecrets(SharedSecrets source) {
            this.sharedSecrets = Objects.requireNonNull(source, "source");
            return this;
        }

        /** How long a fetched {@code jwks_uri} document is used; {@link #DEFAULT_JWKS_CACHE_TTL} by default. */
        public Builder jwksCacheTtl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("The JWKS cache lifetime must not be negative");
            }
            this.jwksCacheTtl = ttl;
            return this;
        }

        /** How long a {@code jwks_uri} fetch may take; {@link #DEFAULT_FETCH_TIMEOUT} by default. */
        public Builder fetchTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("The fetch timeout must be positive");
            }
            this.fetchTimeout = timeout;
            return this;
        }

        /** The clock of the cache (tests). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Builds. */
        public RegisteredClientKeys build() {
            return new RegisteredClientKeys(this);
        }
    }
}
