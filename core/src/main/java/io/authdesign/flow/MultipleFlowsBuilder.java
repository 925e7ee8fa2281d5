package io.authdesign.flow;

import io.authdesign.http.Endpoint;
import io.authdesign.internal.Issuer;
import io.authdesign.internal.RoutePaths;
import io.authdesign.jwt.JwtAuthority;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.keys.JwksKeyStore;
import io.authdesign.keys.JwksRotationTimestampStore;
import io.authdesign.keys.JwksRoute;
import io.authdesign.observe.AuthEvent;
import io.authdesign.observe.AuthEventListener;
import io.authdesign.token.TokenRoute;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composes several flows behind one token endpoint, one issuer and one metadata document.
 *
 * <pre>{@code
 * MultipleFlows design = MultipleFlowsBuilder.create()
 *         .setIssuer("https://auth.example.com")
 *         .tokenEndpoint("/oauth2/token")
 *         .add(OIDCAuthorizationCodeBuilder.create().tokenRoute(...))
 *         .add(OAuth2ClientCredentialsBuilder.create().tokenRoute(...))
 *         .build();
 * }</pre>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2">RFC 6749 section 3.2</a>
 */
public final class MultipleFlowsBuilder {

    private final Logger logger;
    private AuthEventListener events = AuthEventListener.NONE;
    private String issuer;
    private String tokenEndpoint = TokenRoute.DEFAULT_PATH;
    private final List<FlowBuilder<?>> flows = new ArrayList<>();
    private final FlowBuilder.KeySettings keys = new FlowBuilder.KeySettings();
    private final JwksRoute jwksRoute = new JwksRoute();
    private Map<String, Object> additionalConfiguration = Map.of();
    private final List<Endpoint> extraEndpoints = new ArrayList<>();
    private final Map<String, Object> extraMetadata = new LinkedHashMap<>();
    private String securitySchemeName = DEFAULT_SECURITY_SCHEME_NAME;
    private String description = "";

    /**
     * The security scheme name of a {@code MultipleFlows} in API documentation: the original's
     * {@code OIDC Multiple Flows} spelt as OpenAPI allows a component name.
     */
    public static final String DEFAULT_SECURITY_SCHEME_NAME = "oidc-multiple-flows";

    private MultipleFlowsBuilder(Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    /** Starts a builder that logs to this class's logger. */
    public static MultipleFlowsBuilder create() {
        return create(LoggerFactory.getLogger(MultipleFlows.class));
    }

    /** Starts a builder that logs to the given logger. */
    public static MultipleFlowsBuilder create(Logger logger) {
        return new MultipleFlowsBuilder(logger);
    }

    /**
     * Sets the issuer shared by every flow (RFC 8414 section 2). Required.
     *
     * @param issuer an {@code https} URL without query or fragment ({@code http} only for loopback hosts)
     * @return this builder
     */
    public MultipleFlowsBuilder setIssuer(String issuer) {
        this.issuer = Issuer.check(issuer);
        return this;
    }

    /**
     * Sets the path of the shared token endpoint; {@code /oauth2/token} by default. The flows' own token
     * and refresh paths are not used under a {@code MultipleFlows}.
     *
     * @param path the path
     * @return this builder
     */
    public MultipleFlowsBuilder tokenEndpoint(String path) {
        this.tokenEndpoint = RoutePaths.check(path);
        return this;
    }

    /**
     * Sets the key store shared by every flow (forced into them, as in the original); in memory by
     * default.
     *
     * @param store the key store
     * @return this builder
     */
    public MultipleFlowsBuilder setJwksKeyStore(JwksKeyStore store) {
        keys.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /**
     * Rotates the shared keys every {@code interval} when {@code checkAndRotateKeys()} is called.
     *
     * @param interval the rotation interval
     * @param timestampStore where the last rotation is recorded, shared by every node
     * @return this builder
     */
    public MultipleFlowsBuilder setJwksRotatorOptions(Duration interval, JwksRotationTimestampStore timestampStore) {
        keys.rotationInterval = Objects.requireNonNull(interval, "interval");
        keys.timestamps = Objects.requireNonNull(timestampStore, "timestampStore");
        return this;
    }

    /** Sets how long a public key stays published, in seconds; 36000 by default. */
    public MultipleFlowsBuilder setPublicKeyExpiry(long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("The public key expiry must be positive, got " + seconds);
        }
        keys.publicKeyExpiry = Duration.ofSeconds(seconds);
        return this;
    }

    /** Sets the JWKS cache max-age and key activation delay, in seconds; 300 by default. */
    public MultipleFlowsBuilder setJwksMaxAge(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("The JWKS max-age must not be negative");
        }
        keys.jwksMaxAge = Duration.ofSeconds(seconds);
        return this;
    }

    /** Sets the clock of every flow (tests). */
    public MultipleFlowsBuilder setClock(Clock clock) {
        keys.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Configures the shared JWKS route (default {@code /oauth2/keys}; a MultipleFlows always serves one).
     *
     * @param configure receives the route
     * @return this builder
     */
    public MultipleFlowsBuilder jwksRoute(Consumer<JwksRoute> configure) {
        Objects.requireNonNull(configure, "configure").accept(jwksRoute);
        return this;
    }

    /**
     * Sets discovery members merged last into both metadata documents, after the flows' own.
     *
     * @param configuration the members
     * @return this builder
     */
    public MultipleFlowsBuilder additionalConfiguration(Map<String, ?> configuration) {
        this.additionalConfiguration = Map.copyOf(Objects.requireNonNull(configuration, "configuration"));
        return this;
    }

    /**
     * Serves more endpoints with the design, such as those of {@link
     * io.authdesign.registration.ClientRegistrationEndpoint}, and advertises their metadata members in both
     * discovery documents.
     *
     * @param endpoints the endpoints, mounted after the design's own
     * @param metadata their discovery members, such as {@code registration_endpoint}
     * @return this builder
     * @throws IllegalArgumentException when an endpoint's method and path are already added
     */
    public MultipleFlowsBuilder addEndpoints(Collection<Endpoint> endpoints, Map<String, ?> metadata) {
        for (Endpoint endpoint : endpoints) {
            boolean taken = extraEndpoints.stream()
                    .anyMatch(e ->
                            e.method().equals(endpoint.method()) && e.path().equals(endpoint.path()));
            if (taken) {
                throw new IllegalArgumentException(
                        "The endpoint " + endpoint.method() + " " + endpoint.path() + " is added twice");
            }
            extraEndpoints.add(endpoint);
        }
        extraMetadata.putAll(Objects.requireNonNull(metadata, "metadata"));
        return this;
    }

    /**
     * Names the design's security scheme in API documentation ({@code docs()}); {@value
     * #DEFAULT_SECURITY_SCHEME_NAME} by default.
     *
     * @param name the name
     * @return this builder
     */
    public MultipleFlowsBuilder setSecuritySchemeName(String name) {
        this.securitySchemeName = SecurityScheme.checkName(name);
        return this;
    }

    /**
     * Reports what the design does to a listener: each endpoint's latency, error codes and store outages,
     * tokens issued and key rotations ({@link AuthEvent}); give the ready handlers and the sign-in guard the
     * same listener for sign-ins, consents, revocations and refresh token reuse. Default
     * {@link AuthEventListener#NONE}.
     *
     * @param listener the listener, e.g. a {@link io.authdesign.observe.MicrometerAuthMetrics}
     * @return this builder
     */
    public MultipleFlowsBuilder setEventListener(AuthEventListener listener) {
        this.events = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Sets the description of the design's security scheme in API documentation. */
    public MultipleFlowsBuilder setDescription(String description) {
        this.description = Objects.requireNonNull(description, "description");
        return this;
    }

    /**
     * Adds a flow, as its builder; it is built with this builder's issuer and logger.
     *
     * @param flow a flow builder
     * @return this builder
     */
    public MultipleFlowsBuilder add(FlowBuilder<?> flow) {
        flows.add(Objects.requireNonNull(flow, "flow"));
        return this;
    }

    /**
     * Builds the composed design.
     *
     * @return the design
     * @throws IllegalStateException when there is no issuer, no flow, or two flows for one grant type
     */
    public MultipleFlows build() {
        if (issuer == null) {
            throw new IllegalStateException("MultipleFlows has no issuer: call setIssuer(...) before build()");
        }
        if (flows.isEmpty()) {
            throw new IllegalStateException("MultipleFlows needs at least one flow: call add(...)");
        }
        Set<SigningAlgorithm> algorithms = EnumSet.noneOf(SigningAlgorithm.class);
        long maxTtl = 0;
        for (FlowBuilder<?> flow : flows) {
            algorithms.addAll(flow.signingAlgorithms());
            maxTtl = Math.max(maxTtl, flow.tokenTtl());
        }
        JwtAuthority authority = keys.authority(algorithms, Duration.ofSeconds(maxTtl), logger);
        List<OAuth2Flow> built = new ArrayList<>();
        for (FlowBuilder<?> flow : flows) {
            if (flow.hasOwnKeySettings()) {
                logger.warn("A flow's own key store or rotation is replaced by the MultipleFlows' shared keys");
            }
            OAuth2Flow design =
                    flow.build(flow.settings(issuer, flow.logger(), tokenEndpoint, authority, keys.clock, null));
            warnOnIgnoredPaths(design);
            built.add(design);
        }
        LifecycleEndpoints.checkPaths(built);
        return new MultipleFlows(
                issuer,
                tokenEndpoint,
                built,
                authority,
                jwksRoute,
                configuration(),
                extraEndpoints,
                logger,
                securitySchemeName,
                description,
                events);
    }

    /** The additional configuration, then the added endpoints' members. */
    private Map<String, Object> configuration() {
        Map<String, Object> all = new LinkedHashMap<>(additionalConfiguration);
        all.putAll(extraMetadata);
        return Map.copyOf(all);
    }

    private void warnOnIgnoredPaths(OAuth2Flow flow) {
        if (!flow.getTokenPath().equals(tokenEndpoint)
                || flow.getRefreshTokenPath()
                        .filter(p -> !p.equals(tokenEndpoint))
                        .isPresent()) {
            logger.warn(
                    "The {} flow's token or refresh path is ignored under MultipleFlows, which serves every grant at {}",
                    flow.grantType(),
                    tokenEndpoint);
        }
    }
}
