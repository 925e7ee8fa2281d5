package io.authdesign.registration;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.http.Endpoint;
import io.authdesign.http.FormCodec;
import io.authdesign.http.FormParameters;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.http.OAuth2Responses;
import io.authdesign.internal.ClientAddresses;
import io.authdesign.internal.Issuer;
import io.authdesign.internal.Json;
import io.authdesign.internal.RetryAfter;
import io.authdesign.store.AttemptStore;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import io.authdesign.store.InMemoryAttemptStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.store.TokenHashes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Dynamic client registration (RFC 7591, OpenID Connect Dynamic Client Registration 1.0) and management
 * (RFC 7592) of the clients of a {@link ClientStore}.
 *
 * <p>{@code POST <path>} registers a client from its JSON metadata, checked by the same rules as a
 * configured client and by the {@link RegistrationPolicy}; the answer (201) carries the generated {@code
 * client_id}, a {@code client_secret} for the secret methods (kept only as a keyed hash), and the {@code
 * registration_access_token} and {@code registration_client_uri} ({@code <path>?client_id=...}) that read
 * ({@code GET}), replace ({@code PUT}) and delete ({@code DELETE}) it. The {@link InitialAccess} policy
 * decides who may register. Errors are {@code invalid_client_metadata} or {@code invalid_redirect_uri}
 * (400), and {@code invalid_token} (401, with {@code WWW-Authenticate: Bearer}) for a missing or wrong
 * token; nothing is stored for a refused request.
 *
 * <p>Registrations are limited per client address (an IPv6 address counts by its /64 prefix): by default 100
 * clients, after which the address waits an hour from its latest registration, answered {@code 429} with
 * {@code Retry-After} (RFC 6585 section 4). Without it, open registration would let anyone fill the client
 * store. {@link Builder#registrationsPerAddress} changes the limit and {@link Builder#attempts} shares the
 * counts between the nodes of a server.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7591#section-3">RFC 7591 section 3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7592#section-2">RFC 7592 section 2</a>
 */
public final class ClientRegistrationEndpoint {

    /** The default path of the registration endpoint. */
    public static final String DEFAULT_PATH = "/oauth2/register";

    private final String issuer;
    private final String path;
    private final ClientStore clients;
    private final ClientSecretHasher hasher;
    private final InitialAccess access;
    private final RegistrationPolicy policy;
    private final Clock clock;
    private final SecureRandom random;
    private final AttemptStore registrations;
    private final int perAddress;
    private final Duration window;

    private ClientRegistrationEndpoint(Builder builder) {
        this.issuer = Objects.requireNonNull(builder.issuer, "issuer");
        this.path = builder.path;
        this.clients = Objects.requireNonNull(builder.clients, "clients");
        this.hasher = Objects.requireNonNull(builder.hasher, "hasher");
        this.access = Objects.requireNonNull(builder.access, "access");
        this.policy = Objects.requireNonNull(builder.policy, "policy");
        this.clock = builder.clock;
        this.random = builder.random;
        this.registrations = builder.registrations != null ? builder.registrations : new InMemoryAttemptStore();
        this.perAddress = builder.perAddress;
        this.window = builder.window;
    }

    /** Starts a registration endpoint; issuer, clients, access and policy are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The endpoints to mount with the design's: registration and the four client configuration methods. */
    public List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("POST", path, this::register),
                new Endpoint("GET", path, this::read),
                new Endpoint("PUT", path, this::replace),
                new Endpoint("DELETE", path, this::delete));
    }

    /** The metadata member advertising the endpoint ({@code registration_endpoint}, RFC 8414 section 2). */
    public Map<String, Object> metadata() {
        return Map.of("registration_endpoint", Issuer.url(issuer, path));
    }

    /** RFC 7591 section 3.1: registers a client. */
    HttpResponse register(HttpRequest request) {
        if (access instanceof InitialAccess.TokenRequired required
                && !bearer(request).filter(required.check()).isPresent()) {
            return invalidToken("A valid initial access token is required (RFC 7591 section 3)");
        }
        String addressKey =
                TokenHashes.sha256("registration address|" + ClientAddresses.group(request.remoteAddress()));
        Instant now = clock.instant();
        Optional<AttemptStore.Attempts> made = registrations.find(addressKey, now);
        if (made.isPresent() && made.get().failures() >= perAddress) {
            long seconds = RetryAfter.seconds(
                    Duration.between(now, made.get().lastFailureAt().plus(window)));
            return HttpResponse.status(429)
                    .header("Retry-After", Long.toString(seconds))
                    .header("Cache-Control", "no-store")
                    .body(
                            "application/json",
                            Json.write(Map.of(
                                    "error",
                                    "temporarily_unavailable",
                                    "error_description",
                                    "Too many clients registered from this address: try again later")))
                    .build();
        }
        String clientId = randomValue(16);
        String registrationToken = randomValue(32);
        RegisteredClient client;
        String secret = null;
        try {
            Map<String, Object> json = ClientMetadata.parseObject(jsonBody(request));
            ClientMetadata.Parsed parsed = ClientMetadata.read(json, clientId, policy);
            if (parsed.needsSecret()) {
                secret = hasher.generateSecret();
                parsed.client().secret(ClientSecret.of(hasher.hash(secret)));
            }
            parsed.client()
                    .settings(parsed.settings().toBuilder()
                            .registrationAccessTokenHash(hasher.hash(registrationToken))
                            .build());
            client = build(parsed.client());
        } catch (ClientMetadata.Refused e) {
            return OAuth2Responses.error(e.error);
        }
        clients.save(client);
        registrations.recordFailure(addressKey, now, window); // counts the registration, not a failure
        Map<String, Object> body = new LinkedHashMap<>(ClientMetadata.write(client));
        body.put("client_id_issued_at", clock.instant().getEpochSecond());
        if (secret != null) {
            body.put("client_secret", secret);
            body.put("client_secret_expires_at", 0);
        }
        body.put("registration_access_token", registrationToken);
        body.put("registration_client_uri", clientUri(clientId));
        return OAuth2Responses.json(201, body);
    }

    /** RFC 7592 section 2.1: the client's current metadata. */
    HttpResponse read(HttpRequest request) {
        Optional<RegisteredClient> client = managed(request);
        if (client.isEmpty()) {
            return invalidToken("The registration access token is not valid for this client");
        }
        return OAuth2Responses.json(200, configuration(client.get()));
    }

    /** RFC 7592 section 2.2: replaces the client's metadata; omitted values are removed. */
    HttpResponse replace(HttpRequest request) {
        Optional<RegisteredClient> current = managed(request);
        if (current.isEmpty()) {
            return invalidToken("The registration access token is not valid for this client");
        }
        RegisteredClient client;
        String secret = null;
        try {
            Map<String, Object> json = ClientMetadata.parseObject(jsonBody(request));
            if (!current.get().clientId().equals(json.get("client_id"))) {
                throw ClientMetadata.metadata("client_id must be the client's own (RFC 7592 section 2.2)");
            }
            String presented = ClientMetadata.string(json, "client_secret");
            if (presented != null && !hasher.matches(presented, current.get().secrets(), clock.instant())) {
                throw ClientMetadata.metadata("client_secret does not match the client's (RFC 7592 section 2.2)");
            }
            ClientMetadata.Parsed parsed =
                    ClientMetadata.read(json, current.get().clientId(), policy);
            if (parsed.needsSecret()) {
                if (current.get().secrets().isEmpty()) {
                    secret = hasher.generateSecret();
                    parsed.client().secret(ClientSecret.of(hasher.hash(secret)));
                } else {
                    current.get().secrets().forEach(parsed.client()::secret);
                }
            }
            parsed.client()
                    .settings(parsed.settings().toBuilder()
                            .registrationAccessTokenHash(
                                    current.get().settings().registrationAccessTokenHash())
                            .build());
            client = build(parsed.client());
        } catch (ClientMetadata.Refused e) {
            return OAuth2Responses.error(e.error);
        }
        clients.save(client);
        Map<String, Object> body = configuration(client);
        if (secret != null) {
            body.put("client_secret", secret);
            body.put("client_secret_expires_at", 0);
        }
        return OAuth2Responses.json(200, body);
    }

    /** RFC 7592 section 2.3: deletes the client. */
    HttpResponse delete(HttpRequest request) {
        Optional<RegisteredClient> client = managed(request);
        if (client.isEmpty()) {
            return invalidToken("The registration access token is not valid for this client");
        }
        clients.delete(client.get().clientId());
        return HttpResponse.status(204)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    private Map<String, Object> configuration(RegisteredClient client) {
        Map<String, Object> body = new LinkedHashMap<>(ClientMetadata.write(client));
        body.put("registration_client_uri", clientUri(client.clientId()));
        return body;
    }

    /**
     * The client a management request names ({@code client_id} in the query) when its registration access
     * token matches, in constant time; empty for anything else (RFC 7592 section 2: 401 either way).
     */
    private Optional<RegisteredClient> managed(HttpRequest request) {
        Optional<String> token = bearer(request);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> clientId;
        try {
            clientId = FormParameters.parse(Optional.ofNullable(request.query()).orElse(""))
                    .get("client_id");
        } catch (io.authdesign.OAuth2Exception e) {
            return Optional.empty();
        }
        return clientId.flatMap(clients::find).filter(client -> {
            String hash = client.settings().registrationAccessTokenHash();
            return hash != null && hasher.matches(token.get(), List.of(ClientSecret.of(hash)), clock.instant());
        });
    }

    private static Optional<String> bearer(HttpRequest request) {
        List<String> headers = request.headers("Authorization");
        if (headers.size() != 1) {
            return Optional.empty();
        }
        String header = headers.get(0);
        if (header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** The body of a JSON request; other media types and oversized bodies are refused. */
    private static byte[] jsonBody(HttpRequest request) throws ClientMetadata.Refused {
        if (!"application/json".equals(request.mediaType())) {
            throw ClientMetadata.metadata("The request must be application/json (RFC 7591 section 3.1)");
        }
        if (request.bodyLength() > HttpRequest.MAX_BODY_BYTES) {
            throw ClientMetadata.metadata("The request body is too large");
        }
        return request.body();
    }

    private static RegisteredClient build(RegisteredClient.Builder builder) throws ClientMetadata.Refused {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw ClientMetadata.metadata(clientFacing(e.getMessage()));
        }
    }

    /** A configuration rule's message without the placeholder client name it starts with. */
    private static String clientFacing(String message) {
        int colon = message == null ? -1 : message.indexOf(": ");
        return colon < 0 ? "The client metadata is inconsistent" : message.substring(colon + 2);
    }

    private HttpResponse invalidToken(String description) {
        OAuth2Error error = OAuth2Error.of(OAuth2ErrorCode.INVALID_TOKEN, description);
        return HttpResponse.status(401)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .header("Cache-Control", "no-store")
                .body("application/json", Json.write(error.toJsonObject()))
                .build();
    }

    private String clientUri(String clientId) {
        return Issuer.url(issuer, path) + "?client_id=" + FormCodec.encode(clientId);
    }

    private String randomValue(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    /** Builds a {@link ClientRegistrationEndpoint}. */
    public static final class Builder {
        private String issuer;
        private String path = DEFAULT_PATH;
        private ClientStore clients;
        private ClientSecretHasher hasher;
        private InitialAccess access;
        private RegistrationPolicy policy;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private AttemptStore registrations;
        private int perAddress = 100;
        private Duration window = Duration.ofHours(1);

        private Builder() {}

        /**
         * Limits the clients one address may register: after {@code max} of them, its registrations are
         * refused with {@code 429} and {@code Retry-After} (RFC 6585 section 4) until {@code window} after its
         * latest one. 100 per hour by default.
         *
         * @param max the registrations an address may make, at least 1
         * @param window how long an address's count lasts after its latest registration, positive
         */
        public Builder registrationsPerAddress(int max, Duration window) {
            if (max < 1 || window == null || !window.isPositive()) {
                throw new IllegalArgumentException("Need at least one registration and a positive window");
            }
            this.perAddress = max;
            this.window = window;
            return this;
        }

        /**
         * Where registrations per address are counted: a store shared by every node of the server (the JDBC
         * or Redis one) makes the limit hold across them. One in memory by default.
         */
        public Builder attempts(AttemptStore store) {
            this.registrations = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The issuer identifier, for the endpoint's URLs. */
        public Builder issuer(String value) {
            this.issuer = value;
            return this;
        }

        /** The path of the endpoint; {@value #DEFAULT_PATH} by default. */
        public Builder path(String value) {
            if (value == null || !value.startsWith("/")) {
                throw new IllegalArgumentException("A path starts with /");
            }
            this.path = value;
            return this;
        }

        /** Where registered clients are kept, and the hasher of their secrets and tokens. */
        public Builder clients(ClientStore store, ClientSecretHasher secretHasher) {
            this.clients = store;
            this.hasher = secretHasher;
            return this;
        }

        /** Who may register (RFC 7591 section 3). */
        public Builder access(InitialAccess value) {
            this.access = value;
            return this;
        }

        /** What a registered client may ask for. */
        public Builder policy(RegistrationPolicy value) {
            this.policy = value;
            return this;
        }

        /** The clock of {@code client_id_issued_at}. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The source of client ids, secrets and registration access tokens. */
        public Builder random(SecureRandom value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /** Builds the endpoint. */
        public ClientRegistrationEndpoint build() {
            return new ClientRegistrationEndpoint(this);
        }
    }
}
