package io.authdesign.resource;

import com.nimbusds.jose.JWSAlgorithm;
import io.authdesign.TokenType;
import io.authdesign.http.HttpRequest;
import io.authdesign.internal.Issuer;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.token.BearerToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protection of an API that does not host the authorization server: it authenticates requests to its
 * protected routes with access tokens that a remote issuer signed or can vouch for, with the same rules,
 * challenges and {@code validate(...)} hook as the routes beside an authorization server
 * ({@link BearerAuthenticator}: RFC 6750 section 3 refusals, {@code insufficient_scope}, DPoP).
 *
 * <p>Two ways to check a token:
 *
 * <ul>
 *   <li>{@link Builder#jwtAccessTokens()} (the default): the token is an RFC 9068 JWT verified locally
 *       against the issuer's {@code jwks_uri}, found by discovery (RFC 8414, or OpenID Connect Discovery)
 *       with the issuer checked exactly; the keys are cached, refetched at most once per interval when a
 *       token names an unknown {@code kid}, and a failed fetch is remembered briefly, so no request makes a
 *       fetch of its own;
 *   <li>{@link Builder#introspection(String, String)}: the token (opaque, or a JWT whose revocation must be
 *       seen at once) is sent to the issuer's RFC 7662 introspection endpoint with the resource server's
 *       client credentials; answers are cached, bounded in size and never past the token's expiry.
 * </ul>
 *
 * <p>When the issuer cannot be reached and no usable answer is cached, a request is refused with 503
 * {@code temporarily_unavailable} and {@code Retry-After}, never with {@code invalid_token}: the client's
 * token may well be good. Adapters protect routes with it like with a design's authenticator (the Javalin
 * plugin: {@code AuthDesignPlugin.resourceServer(server)}).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068#section-4">RFC 9068 section 4</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662#section-4">RFC 7662 section 4</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414#section-3">RFC 8414 section 3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750#section-3">RFC 6750 section 3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-7">RFC 9449 section 7</a>
 */
public final class ResourceServer implements ResourceAuthenticator {

    /** How long fetched keys are used before they are fetched again: 5 minutes. */
    public static final Duration DEFAULT_JWKS_MAX_AGE = Duration.ofMinutes(5);

    /** The least time between two fetches of the keys for unknown {@code kid}s: 30 seconds. */
    public static final Duration DEFAULT_JWKS_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

    /** How long a failed discovery or key fetch is remembered, asking nothing meanwhile: 10 seconds. */
    public static final Duration DEFAULT_RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

    /** How long past their maximum age the last keys keep serving while fetching fails: 5 minutes. */
    public static final Duration DEFAULT_STALE_IF_ERROR = Duration.ofMinutes(5);

    /** The timeout of each request to the authorization server: 5 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** The clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}: 60 seconds. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    /** The most introspection answers cached: 10 000. */
    public static final int DEFAULT_INTROSPECTION_CACHE_SIZE = 10_000;

    /** How long an introspection answer is cached at most (never past the token's expiry): 30 seconds. */
    public static final Duration DEFAULT_INTROSPECTION_CACHE_TTL = Duration.ofSeconds(30);

    /** The JWS algorithms accepted on access tokens by default: those AuthDesign signs with. */
    public static final Set<String> DEFAULT_ALGORITHMS = Arrays.stream(SigningAlgorithm.values())
            .map(algorithm -> algorithm.jws().getName())
            .collect(Collectors.toUnmodifiableSet());

    private final AccessTokenVerifier verifier;
    private final BearerAuthenticator authenticator;

    private ResourceServer(AccessTokenVerifier verifier, BearerAuthenticator authenticator) {
        this.verifier = verifier;
        this.authenticator = authenticator;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public AuthResult authenticate(HttpRequest request, Set<String> requiredScopes) {
        return authenticator.authenticate(request, requiredScopes);
    }

    /**
     * Checks an access token alone, without a request: for a transport no adapter covers.
     *
     * @param token the access token
     * @return its claims, a refusal, or that the issuer could not be asked now
     */
    public AccessTokenVerification verify(String token) {
        return verifier.verify(token);
    }

    /**
     * Builds a {@link ResourceServer}. {@code issuer}, {@code publicUrl} and the audiences (or the explicit
     * {@link #acceptAnyAudience()}) are required.
     */
    public static final class Builder {
        private String issuer;
        private String publicUrl;
        private final Set<String> audiences = new LinkedHashSet<>();
        private boolean anyAudience;
        private Set<String> algorithms = DEFAULT_ALGORITHMS;
        private URI jwksUri;
        private String introspectionClientId;
        private String introspectionClientSecret;
        private URI introspectionEndpoint;
        private int introspectionCacheSize = DEFAULT_INTROSPECTION_CACHE_SIZE;
        private Duration introspectionCacheTtl = DEFAULT_INTROSPECTION_CACHE_TTL;
        private Duration jwksMaxAge = DEFAULT_JWKS_MAX_AGE;
        private Duration jwksMinRefreshInterval = DEFAULT_JWKS_MIN_REFRESH_INTERVAL;
        private Duration retryAfterFailure = DEFAULT_RETRY_AFTER_FAILURE;
        private Duration staleIfError = DEFAULT_STALE_IF_ERROR;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private TokenType tokenType = new BearerToken();
        private TokenValidator validator;
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private Logger logger = LoggerFactory.getLogger(ResourceServer.class);

        private Builder() {}

        /**
         * The authorization server's issuer identifier: tokens must carry it in {@code iss} exactly, and its
         * metadata is discovered from it.
         *
         * @param issuer {@code https}, or {@code http} on a loopback host
         * @return this builder
         */
        public Builder issuer(String issuer) {
            this.issuer = Issuer.check(issuer);
            return this;
        }

        /**
         * The API's own public base URL: DPoP proofs name its routes under it ({@code htu}, RFC 9449 section
         * 4.3), never under the request's {@code Host}.
         *
         * @param url an absolute {@code http(s)} URL
         * @return this builder
         */
        public Builder publicUrl(String url) {
            URI uri = URI.create(Objects.requireNonNull(url, "url"));
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("The public URL must be an absolute http(s) URL: '" + url + "'");
            }
            this.publicUrl = url;
            return this;
        }

        /**
         * Accepts tokens whose {@code aud} names one of these (RFC 9068 section 4, RFC 8707): the API's
         * resource identifier, as clients request it with the {@code resource} parameter.
         *
         * @param audiences the identifiers of this API
         * @return this builder
         */
        public Builder audience(String... audiences) {
            for (String audience : audiences) {
                this.audiences.add(Objects.requireNonNull(audience, "audience"));
            }
            return this;
        }

        /**
         * Accepts tokens whatever their {@code aud}: a token issued for another API then works here too.
         * Only for an issuer whose every token is meant for every API it protects.
         *
         * @return this builder
         */
        public Builder acceptAnyAudience() {
            this.anyAudience = true;
            return this;
        }

        /**
         * Verifies access tokens as RFC 9068 JWTs against the issuer's keys (the default).
         *
         * @return this builder
         */
        public Builder jwtAccessTokens() {
            this.introspectionClientId = null;
            this.introspectionClientSecret = null;
            return this;
        }

        /**
         * The issuer's JWK Set URL, instead of its discovered {@code jwks_uri}.
         *
         * @param uri an absolute URL
         * @return this builder
         */
        public Builder jwksUri(String uri) {
            this.jwksUri = URI.create(Objects.requireNonNull(uri, "uri"));
            return this;
        }

        /**
         * The JWS algorithms accepted on access tokens ({@link #DEFAULT_ALGORITHMS} by default); asymmetric
         * ones only.
         *
         * @param names such as {@code ES256}
         * @return this builder
         */
        public Builder algorithms(String... names) {
            Set<String> chosen = new LinkedHashSet<>();
            for (String name : names) {
                JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
                if (!JWSAlgorithm.Family.SIGNATURE.contains(algorithm)) {
                    throw new IllegalArgumentException("Not an asymmetric JWS algorithm: '" + name + "'");
                }
                chosen.add(algorithm.getName());
            }
            this.algorithms = Set.copyOf(chosen);
            return this;
        }

        /**
         * Checks tokens at the issuer's introspection endpoint (RFC 7662) instead of verifying them as JWTs,
         * authenticating with {@code client_secret_basic}: for opaque tokens, or when a revoked token must
         * stop working within the cache's lifetime.
         *
         * @param clientId the resource server's client id at the authorization server
         * @param clientSecret its secret
         * @return this builder
         */
        public Builder introspection(String clientId, String clientSecret) {
            this.introspectionClientId = Objects.requireNonNull(clientId, "clientId");
            this.introspectionClientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
            return this;
        }

        /**
         * The introspection endpoint, instead of the discovered {@code introspection_endpoint}.
         *
         * @param uri an absolute URL
         * @return this builder
         */
        public Builder introspectionEndpoint(String uri) {
            this.introspectionEndpoint = URI.create(Objects.requireNonNull(uri, "uri"));
            return this;
        }

        /**
         * Bounds the introspection cache (RFC 7662 section 4): at most {@code maxEntries} answers, each kept
         * at most {@code ttl} and never past its token's expiry; {@link Duration#ZERO} asks every time.
         *
         * @param maxEntries the most answers kept
         * @param ttl the longest an answer is kept
         * @return this builder
         */
        public Builder introspectionCache(int maxEntries, Duration ttl) {
            if (maxEntries < 1 || ttl.isNegative()) {
                throw new IllegalArgumentException("The introspection cache needs a positive size and a ttl >= 0");
            }
            this.introspectionCacheSize = maxEntries;
            this.introspectionCacheTtl = ttl;
            return this;
        }

        /** How long fetched keys are used before asking again ({@link #DEFAULT_JWKS_MAX_AGE}). */
        public Builder jwksMaxAge(Duration maxAge) {
            this.jwksMaxAge = positive(maxAge, "jwksMaxAge");
            return this;
        }

        /**
         * The least time between two key fetches made for unknown {@code kid}s
         * ({@link #DEFAULT_JWKS_MIN_REFRESH_INTERVAL}).
         */
        public Builder jwksMinRefreshInterval(Duration interval) {
            this.jwksMinRefreshInterval = positive(interval, "jwksMinRefreshInterval");
            return this;
        }

        /** How long a failed discovery or key fetch is remembered ({@link #DEFAULT_RETRY_AFTER_FAILURE}). */
        public Builder retryAfterFailure(Duration duration) {
            this.retryAfterFailure = positive(duration, "retryAfterFailure");
            return this;
        }

        /** How long past their maximum age the last keys serve while fetching fails ({@link #DEFAULT_STALE_IF_ERROR}). */
        public Builder staleIfError(Duration duration) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("staleIfError must not be negative");
            }
            this.staleIfError = duration;
            return this;
        }

        /** The timeout of each request to the authorization server ({@link #DEFAULT_TIMEOUT}). */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** The clock skew tolerated on token times ({@link #DEFAULT_CLOCK_SKEW}). */
        public Builder clockSkew(Duration skew) {
            if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("The clock skew must be between 0 and 5 minutes");
            }
            this.clockSkew = skew;
            return this;
        }

        /**
         * The token type of the protected routes: {@link BearerToken} (the default), or a
         * {@link io.authdesign.dpop.DPoPToken} so that DPoP-bound tokens are accepted with their proof
         * (RFC 9449 section 7; give it a replay store shared by the API's nodes).
         */
        public Builder tokenType(TokenType tokenType) {
            this.tokenType = Objects.requireNonNull(tokenType, "tokenType");
            return this;
        }

        /** The API's own check, run after the token is verified, as a flow's {@code validate(...)}. */
        public Builder validate(TokenValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /** The HTTP client for the authorization server (a proxy, a trust store); it should not follow redirects. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The clock of token times and caches. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where refusals and fetch failures are logged. */
        public Builder logger(Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger");
            return this;
        }

        private static Duration positive(Duration duration, String name) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return duration;
        }

        /**
         * Builds the resource server. Nothing is fetched yet: discovery and keys are fetched when the first
         * token comes, so the API may start before its authorization server.
         *
         * @return the resource server
         * @throws IllegalStateException when the issuer, the public URL or the audiences are missing, or
         *     options of the two modes are mixed
         */
        public ResourceServer build() {
            if (issuer == null || publicUrl == null) {
                throw new IllegalStateException("A resource server needs issuer(...) and publicUrl(...)");
            }
            if (audiences.isEmpty() == !anyAudience) {
                throw new IllegalStateException(
                        audiences.isEmpty()
                                ? "Name the API's audience(...) (RFC 9068 section 4), or acceptAnyAudience() explicitly"
                                : "audience(...) and acceptAnyAudience() exclude each other");
            }
            boolean introspect = introspectionClientId != null;
            if (introspect ? jwksUri != null : introspectionEndpoint != null) {
                throw new IllegalStateException(
                        introspect
                                ? "jwksUri(...) is for JWT access tokens, not introspection"
                                : "introspectionEndpoint(...) needs introspection(clientId, clientSecret)");
            }
            RemoteJson remote =
                    new RemoteJson(httpClient != null ? httpClient : RemoteJson.defaultClient(timeout), timeout);
            IssuerMetadata metadata = new IssuerMetadata(issuer, remote, clock, retryAfterFailure, logger);
            AccessTokenVerifier verifier = introspect ? introspection(remote, metadata) : jwt(remote, metadata);
            BearerAuthenticator.Builder authenticator = BearerAuthenticator.builder()
                    .tokenType(tokenType)
                    .publicUrl(publicUrl)
                    .verifyWith(verifier)
                    .logger(logger);
            if (validator != null) {
                authenticator.validator(validator);
            }
            return new ResourceServer(verifier, authenticator.build());
        }

        private AccessTokenVerifier jwt(RemoteJson remote, IssuerMetadata metadata) {
            URI configured = jwksUri;
            RemoteJwks jwks = new RemoteJwks(
                    () -> configured != null ? configured : metadata.endpoint("jwks_uri"),
                    remote,
                    clock,
                    new RemoteJwks.Timings(jwksMaxAge, jwksMinRefreshInterval, retryAfterFailure, staleIfError),
                    logger);
            Set<JWSAlgorithm> accepted =
                    algorithms.stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
            return new RemoteJwtVerifier(issuer, accepted, audiences, jwks, clock, clockSkew);
        }

        private AccessTokenVerifier introspection(RemoteJson remote, IssuerMetadata metadata) {
            URI configured = introspectionEndpoint;
            return new IntrospectionVerifier(
                    issuer,
                    () -> configured != null ? configured : metadata.endpoint("introspection_endpoint"),
                    introspectionClientId,
                    introspectionClientSecret,
                    audiences,
                    remote,
                    clock,
                    introspectionCacheSize,
                    introspectionCacheTtl,
                    logger);
        }
    }
}
