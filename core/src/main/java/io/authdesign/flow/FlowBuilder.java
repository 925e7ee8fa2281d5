package io.authdesign.flow;

import io.authdesign.TokenType;
import io.authdesign.client.ClientAuthMethod;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.client.ClientSecretBasic;
import io.authdesign.client.ClientSecretPost;
import io.authdesign.client.ClientVerification;
import io.authdesign.client.NoneAuthMethod;
import io.authdesign.internal.Issuer;
import io.authdesign.jwt.JwtAuthority;
import io.authdesign.jwt.KeyRing;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.keys.InMemoryKeyStore;
import io.authdesign.keys.JwksKeyStore;
import io.authdesign.keys.JwksRotationTimestampStore;
import io.authdesign.keys.JwksRoute;
import io.authdesign.keys.KeyLifecycle;
import io.authdesign.lifecycle.IntrospectionRoute;
import io.authdesign.lifecycle.RevocationRoute;
import io.authdesign.observe.AuthEventListener;
import io.authdesign.resource.TokenValidator;
import io.authdesign.resource.UserinfoRoute;
import io.authdesign.store.GrantRevocationStore;
import io.authdesign.token.BearerToken;
import io.authdesign.token.ExtensionGrantContext;
import io.authdesign.token.Scopes;
import io.authdesign.token.TokenGrant;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * What every flow builder has: the methods of the original package's builders that are common to the
 * authorization code, client credentials and device authorization flows, in their OAuth2 and OIDC forms.
 *
 * @param <B> the concrete builder, returned by every fluent method
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749">RFC 6749</a>
 */
public abstract class FlowBuilder<B extends FlowBuilder<B>> {

    /** The access token lifetime when {@link #setTokenTTL(long)} is not called: one hour. */
    public static final long DEFAULT_TOKEN_TTL = 3600;

    /** The order of {@code token_endpoint_auth_methods_supported}, as the original sorts them. */
    private static final List<ClientAuthenticationMethod> METHOD_ORDER = List.of(
            ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
            ClientAuthenticationMethod.CLIENT_SECRET_POST,
            ClientAuthenticationMethod.CLIENT_SECRET_JWT,
            ClientAuthenticationMethod.PRIVATE_KEY_JWT,
            ClientAuthenticationMethod.NONE);

    private final Logger logger;
    private final boolean openId;
    private String issuer;
    private String strategyName;
    private String description = "";
    private final Map<String, String> scopes = new LinkedHashMap<>();
    private final Map<ClientAuthenticationMethod, ClientAuthMethod> methods = new LinkedHashMap<>();
    private TokenType tokenType = new BearerToken();
    private long tokenTtl = DEFAULT_TOKEN_TTL;
    private final KeySettings keys = new KeySettings();
    private JwksRoute jwksRoute;
    private boolean useAccessTokenJwks;
    private TokenValidator validator;
    private ClientVerification clientVerification;
    private SigningAlgorithm accessTokenAlgorithm = SigningAlgorithm.ES256;
    private List<SigningAlgorithm> idTokenAlgorithms = List.of(SigningAlgorithm.RS256);
    private List<String> audiences = List.of();
    private Map<String, Object> additionalConfiguration = Map.of();
    private UserinfoRoute userinfoRoute;
    private final Set<String> supportedClaims = new LinkedHashSet<>();
    private final Set<String> supportedAcrValues = new LinkedHashSet<>();
    private final List<TokenGrant<ExtensionGrantContext>> extensionGrants = new ArrayList<>();
    private RevocationRoute revocationRoute;
    private IntrospectionRoute introspectionRoute;
    private GrantRevocationStore revocations;
    private AuthEventListener events = AuthEventListener.NONE;

    FlowBuilder(Logger logger, String defaultStrategyName, boolean openId) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.strategyName = defaultStrategyName;
        this.openId = openId;
    }

    /** Method names sorted as the original sorts them: basic, post, client_secret_jwt, private_key_jwt, none. */
    static List<String> inMethodOrder(Collection<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(Comparator.comparingInt(name -> {
            int index = METHOD_ORDER.indexOf(ClientAuthenticationMethod.of(name));
            return index < 0 ? METHOD_ORDER.size() : index;
        }));
        return List.copyOf(sorted);
    }

    /** This builder, typed. */
    abstract B self();

    /**
     * Sets the issuer identifier: the server's public base URL, used for {@code iss} and every advertised
     * endpoint. Required, unless the flow is added to a {@link MultipleFlowsBuilder}, which sets its own.
     *
     * @param issuer an {@code https} URL without query or fragment ({@code http} only for loopback hosts)
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414#section-2">RFC 8414 section 2</a>
     */
    public B setIssuer(String issuer) {
        this.issuer = Issuer.check(issuer);
        return self();
    }

    /**
     * Sets the name of the flow's resource-protection strategy, also its security scheme's name in API
     * documentation ({@code docs()}).
     *
     * @param name letters, digits, {@code .}, {@code -} and {@code _} (an OpenAPI component name)
     * @return this builder
     */
    public B strategyName(String name) {
        this.strategyName = SecurityScheme.checkName(name);
        return self();
    }

    /** Sets the flow's description, for documentation. */
    public B setDescription(String description) {
        this.description = Objects.requireNonNull(description, "description");
        return self();
    }

    /**
     * Sets the scopes the flow documents and advertises in {@code scopes_supported}, replacing earlier ones.
     *
     * @param scopes scope name to description, in advertising order
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.3">RFC 6749 section 3.3</a>
     */
    public B setScopes(Map<String, String> scopes) {
        Objects.requireNonNull(scopes, "scopes");
        scopes.keySet().forEach(FlowBuilder::checkScopeName);
        this.scopes.clear();
        this.scopes.putAll(scopes);
        return self();
    }

    private static void checkScopeName(String name) {
        if (name == null || name.isEmpty() || name.contains(" ") || !Scopes.isWellFormed(name)) {
            throw new IllegalArgumentException("Not a valid scope token: '" + name + "' (RFC 6749 section 3.3)");
        }
    }

    /**
     * Enables a client authentication method at the token endpoint. With none enabled, the flow uses
     * {@code client_secret_basic}. Enabling a method twice keeps the last instance.
     *
     * @param method the method, such as {@code new ClientSecretBasic()}
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3">RFC 6749 section 2.3</a>
     */
    public B addClientAuthenticationMethod(ClientAuthMethod method) {
        Objects.requireNonNull(method, "method");
        checkMethod(method);
        methods.put(method.method(), method);
        return self();
    }

    /**
     * Enables a client authentication method by name: {@code client_secret_basic},
     * {@code client_secret_post} or {@code none}.
     *
     * @param method the registered name
     * @return this builder
     */
    public B addClientAuthenticationMethod(String method) {
        return addClientAuthenticationMethod(
                switch (Objects.requireNonNull(method, "method")) {
                    case "client_secret_basic" -> new ClientSecretBasic();
                    case "client_secret_post" -> new ClientSecretPost();
                    case "none" -> new NoneAuthMethod();
                    default ->
                        throw new IllegalArgumentException("Unknown client authentication method '" + method
                                + "': pass an instance for methods other than client_secret_basic,"
                                + " client_secret_post and none");
                });
    }

    /**
     * Sets how the token endpoint verifies the client of a request before anything is stored for it (before a
     * DPoP proof's {@code jti} is recorded) and before the handler runs: a refused client gets the returned
     * error and leaves no trace. The ready flows set their own (a registered client, its own method, the
     * right secret); without one the handler alone decides.
     *
     * @param verification the check
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1">RFC 6749 section 3.2.1</a>
     */
    public B verifyClient(ClientVerification verification) {
        this.clientVerification = Objects.requireNonNull(verification, "verification");
        return self();
    }

    /** A flow may refuse a method (the client credentials grant refuses {@code none}). */
    void checkMethod(ClientAuthMethod method) {}

    /** Sets the token type the flow issues; {@link BearerToken} by default. */
    public B setTokenType(TokenType tokenType) {
        this.tokenType = Objects.requireNonNull(tokenType, "tokenType");
        return self();
    }

    /**
     * Sets the access token lifetime, handed to handlers as {@code ttl}.
     *
     * @param seconds a positive number of seconds; {@value #DEFAULT_TOKEN_TTL} by default
     * @return this builder
     */
    public B setTokenTTL(long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("The token TTL must be positive, got " + seconds);
        }
        this.tokenTtl = seconds;
        return self();
    }

    /** Same as {@link #setTokenTTL(long)}, under the original's newer name. */
    public B setTokenTtl(long seconds) {
        return setTokenTTL(seconds);
    }

    /**
     * Sets the clock the flow reads time from (token lifetimes, key rotation, assertion expiry); the
     * system UTC clock by default. For tests.
     *
     * @param clock the clock
     * @return this builder
     */
    public B setClock(Clock clock) {
        keys.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /**
     * Sets where the flow's signing keys are kept; an {@link InMemoryKeyStore} by default. Setting a store
     * gives the flow keys, so its handlers can sign JWTs.
     *
     * @param store the key store
     * @return this builder
     */
    public B setJwksKeyStore(JwksKeyStore store) {
        keys.store = Objects.requireNonNull(store, "store");
        return self();
    }

    /**
     * Rotates the keys every {@code interval} when {@code checkAndRotateKeys()} is called; the timestamp
     * store makes it once per interval across every node that shares it. Like a key store, rotation gives
     * the flow keys.
     *
     * @param interval the rotation interval
     * @param timestampStore where the last rotation is recorded
     * @return this builder
     */
    public B setJwksRotatorOptions(Duration interval, JwksRotationTimestampStore timestampStore) {
        keys.rotationInterval = Objects.requireNonNull(interval, "interval");
        keys.timestamps = Objects.requireNonNull(timestampStore, "timestampStore");
        return self();
    }

    /**
     * Sets how long a public key stays published after its creation; 36000 s (10 h) by default. It must
     * exceed the rotation interval + JWKS max-age + token TTL, which {@code build()} checks.
     *
     * @param seconds the lifetime in seconds
     * @return this builder
     */
    public B setPublicKeyExpiry(long seconds) {
        keys.publicKeyExpiry = positive(seconds, "public key expiry");
        return self();
    }

    /**
     * Sets the JWKS response's cache max-age, which is also how long a rotated-in key is published before
     * it signs, so that relying parties see it first; 300 s by default.
     *
     * @param seconds the max-age in seconds (0 allowed)
     * @return this builder
     */
    public B setJwksMaxAge(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("The JWKS max-age must not be negative");
        }
        keys.jwksMaxAge = Duration.ofSeconds(seconds);
        return self();
    }

    /**
     * Serves the public keys at a JWKS route (default {@code /oauth2/keys}); OIDC flows have one by
     * default.
     *
     * @param configure receives the route
     * @return this builder
     */
    public B jwksRoute(Consumer<JwksRoute> configure) {
        if (jwksRoute == null) {
            jwksRoute = new JwksRoute();
        }
        Objects.requireNonNull(configure, "configure").accept(jwksRoute);
        return self();
    }

    /**
     * Verifies access tokens on protected routes as this flow's JWTs ({@code typ: at+jwt}, signature,
     * issuer, expiry, audience) before {@link #validate(TokenValidator)}; without a validator, a verified
     * token authenticates on its own.
     *
     * @param use whether to verify
     * @return this builder
     */
    public B useAccessTokenJwks(boolean use) {
        this.useAccessTokenJwks = use;
        return self();
    }

    /**
     * Sets the resource-side token check of protected routes.
     *
     * @param validator decides whether a token authenticates a request
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750">RFC 6750</a>
     */
    public B validate(TokenValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
        return self();
    }

    /** Sets the access token signing algorithm; ES256 by default. */
    public B setAccessTokenSigningAlgorithm(SigningAlgorithm algorithm) {
        this.accessTokenAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
        return self();
    }

    /**
     * Sets the algorithms ID tokens may be signed with, advertised as {@code
     * id_token_signing_alg_values_supported}: the first signs the ID tokens of clients that registered no
     * {@code id_token_signed_response_alg}; the others serve clients that registered them. RS256 alone by
     * default, the algorithm every OpenID Provider must offer (OpenID Connect Core 1.0 section 15.1); the
     * FAPI 2.0 Security Profile (section 5.4) needs PS256 or ES256.
     *
     * @param defaultAlgorithm the algorithm of clients that registered none
     * @param others further algorithms clients may register
     * @return this builder
     * @see <a href="https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata">OpenID
     *     Connect Dynamic Client Registration 1.0 section 2</a>
     */
    public B setIdTokenSigningAlgorithms(SigningAlgorithm defaultAlgorithm, SigningAlgorithm... others) {
        Set<SigningAlgorithm> all = new LinkedHashSet<>();
        all.add(Objects.requireNonNull(defaultAlgorithm, "defaultAlgorithm"));
        for (SigningAlgorithm other : others) {
            all.add(Objects.requireNonNull(other, "algorithm"));
        }
        this.idTokenAlgorithms = List.copyOf(all);
        return self();
    }

    /**
     * Sets the {@code aud} of access tokens and the audiences accepted when verifying them; the issuer by
     * default.
     *
     * @param audiences the resource server identifiers
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068#section-2.2">RFC 9068 section 2.2</a>
     */
    public B setAccessTokenAudience(String... audiences) {
        this.audiences = List.of(audiences);
        return self();
    }

    /**
     * Serves an extension grant (RFC 6749 section 4.5) at this flow's token endpoint, such as RFC 8693
     * token exchange or the RFC 7523 section 2.1 JWT bearer grant. Its requests go through the same
     * pipeline as the built-in grants (client authentication with this flow's methods, DPoP with its token
     * type), and its handler has the same contract.
     *
     * @param grant the grant, made with {@link TokenGrant#extension}
     * @return this builder
     */
    public B addExtensionGrant(TokenGrant<ExtensionGrantContext> grant) {
        Objects.requireNonNull(grant, "grant");
        if (extensionGrants.stream().anyMatch(g -> g.grantType().equals(grant.grantType()))) {
            throw new IllegalArgumentException("The extension grant '" + grant.grantType() + "' is added twice");
        }
        extensionGrants.add(grant);
        return self();
    }

    /**
     * Serves token revocation (default {@code /oauth2/revoke}): the client authenticates with this flow's
     * methods and the route's handler revokes the presented token. Advertised as
     * {@code revocation_endpoint} with {@code revocation_endpoint_auth_methods_supported}. Under a
     * {@code MultipleFlows} the flows' handlers are asked in {@code add} order at one endpoint.
     *
     * @param configure receives the route
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009">RFC 7009</a>
     */
    public B revocationRoute(Consumer<RevocationRoute> configure) {
        if (revocationRoute == null) {
            revocationRoute = new RevocationRoute();
        }
        Objects.requireNonNull(configure, "configure").accept(revocationRoute);
        return self();
    }

    /**
     * Serves token introspection (default {@code /oauth2/introspect}): the resource server authenticates
     * with this flow's methods and the route's handler describes the presented token; a JWT response (RFC
     * 9701) when asked for. Advertised as {@code introspection_endpoint} with its auth methods. Under a
     * {@code MultipleFlows} the flows' handlers are asked in {@code add} order at one endpoint.
     *
     * @param configure receives the route
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662">RFC 7662</a>
     */
    public B introspectionRoute(Consumer<IntrospectionRoute> configure) {
        if (introspectionRoute == null) {
            introspectionRoute = new IntrospectionRoute();
        }
        Objects.requireNonNull(configure, "configure").accept(introspectionRoute);
        return self();
    }

    /**
     * Reports what this flow does, built stand-alone, to a listener: each endpoint's latency, error codes
     * and store outages, tokens issued and key rotations ({@link io.authdesign.observe.AuthEvent}). Inside a
     * {@link MultipleFlows}, set it on {@link MultipleFlowsBuilder#setEventListener} instead, which serves
     * every endpoint. Default {@link AuthEventListener#NONE}.
     *
     * @param listener the listener, e.g. a {@link io.authdesign.observe.MicrometerAuthMetrics}
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-5">RFC 6749 section 5</a>
     */
    public B setEventListener(AuthEventListener listener) {
        this.events = Objects.requireNonNull(listener, "listener");
        return self();
    }

    /**
     * Makes this flow's JWT access tokens revocable: with {@code useAccessTokenJwks(true)}, a verified token
     * whose grant ({@code grant_id}, else its {@code jti}) the store lists as revoked is refused at protected
     * routes and userinfo, on every node that shares the store.
     *
     * @param store the revocation list
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.1">RFC 7009 section 2.1</a>
     */
    public B setGrantRevocationStore(GrantRevocationStore store) {
        this.revocations = Objects.requireNonNull(store, "store");
        return self();
    }

    /** The access token lifetime in seconds, as {@link #setTokenTTL} set it. */
    public long getTokenTTL() {
        return tokenTtl;
    }

    /** Adds claims to {@code claims_supported} (exposed by the OIDC builders that release user claims). */
    void addSupportedClaims(Collection<String> claims) {
        claims.forEach(claim -> supportedClaims.add(Objects.requireNonNull(claim, "claim")));
    }

    /** Adds values to {@code acr_values_supported} (exposed by the OIDC builders that sign users in). */
    void addSupportedAcrValues(Collection<String> values) {
        values.forEach(value -> supportedAcrValues.add(Objects.requireNonNull(value, "acr")));
    }

    /** Configures the OIDC userinfo route (exposed by the OIDC builders that have users). */
    void configureUserinfoRoute(Consumer<UserinfoRoute> configure) {
        if (userinfoRoute == null) {
            userinfoRoute = new UserinfoRoute();
        }
        Objects.requireNonNull(configure, "configure").accept(userinfoRoute);
    }

    /** Discovery members merged last into the metadata documents, replacing earlier ones. */
    void setAdditionalConfiguration(Map<String, ?> configuration) {
        this.additionalConfiguration = Map.copyOf(Objects.requireNonNull(configuration, "configuration"));
    }

    private static Duration positive(long seconds, String what) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("The " + what + " must be positive, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    /**
     * Builds the flow. Fails with {@link IllegalStateException} when the configuration is incomplete (no
     * issuer) or inconsistent.
     *
     * @return the built flow
     */
    public abstract OAuth2Flow build();

    /** Builds with settings decided by the caller (a {@link MultipleFlowsBuilder} sets the issuer). */
    abstract OAuth2Flow build(FlowSettings settings);

    /** The settings of a stand-alone build. */
    FlowSettings settings() {
        if (issuer == null) {
            throw new IllegalStateException("The flow has no issuer: call setIssuer(...) before build()");
        }
        JwtAuthority authority =
                needsKeys() ? keys.authority(signingAlgorithms(), Duration.ofSeconds(tokenTtl), logger) : null;
        return settings(
                issuer, logger, null, authority, keys.clock, jwksRoute == null && openId ? new JwksRoute() : jwksRoute);
    }

    /** The settings inside an enclosing design, which supplies issuer, token path, keys and clock. */
    FlowSettings settings(
            String issuerOverride,
            Logger loggerOverride,
            String tokenEndpointPath,
            JwtAuthority authority,
            Clock clock,
            JwksRoute route) {
        if (issuer != null && !issuer.equals(issuerOverride)) {
            throw new IllegalStateException("A flow's issuer '" + issuer
                    + "' differs from the issuer of the MultipleFlows it is added to: '" + issuerOverride + "'");
        }
        Map<String, String> allScopes = new LinkedHashMap<>();
        if (openId) {
            allScopes.put("openid", "enable OpenID Connect");
        }
        allScopes.putAll(scopes);
        List<ClientAuthMethod> enabled = new ArrayList<>(methods.values());
        if (enabled.isEmpty()) {
            enabled.add(new ClientSecretBasic());
        }
        enabled.sort(Comparator.comparingInt(m -> {
            int index = METHOD_ORDER.indexOf(m.method());
            return index < 0 ? METHOD_ORDER.size() : index;
        }));
        return FlowSettings.builder()
                .issuer(issuerOverride)
                .logger(loggerOverride)
                .strategyName(strategyName)
                .description(description)
                .scopes(allScopes)
                .methods(enabled)
                .tokenType(tokenType)
                .tokenTtl(tokenTtl)
                .openId(openId)
                .clock(clock)
                .tokenEndpointPath(tokenEndpointPath)
                .authority(authority)
                .accessTokenAlgorithm(accessTokenAlgorithm)
                .idTokenAlgorithms(idTokenAlgorithms)
                .audiences(audiences)
                .jwksRoute(route)
                .useAccessTokenJwks(useAccessTokenJwks)
                .validator(validator)
                .clientVerification(clientVerification)
                .additionalConfiguration(additionalConfiguration)
                .userinfoRoute(userinfoRoute)
                .extensionGrants(extensionGrants)
                .supportedClaims(supportedClaims)
                .supportedAcrValues(supportedAcrValues)
                .revocationRoute(revocationRoute)
                .introspectionRoute(introspectionRoute)
                .revocations(revocations)
                .events(events)
                .build();
    }

    /**
     * Whether the flow signs JWTs: OIDC, a JWKS route, a key store, key rotation, or JWT access token
     * verification.
     */
    boolean needsKeys() {
        return openId || jwksRoute != null || keys.store != null || keys.rotationInterval != null || useAccessTokenJwks;
    }

    /** The algorithms the flow signs with: its access token algorithm, and its ID token algorithms. */
    Set<SigningAlgorithm> signingAlgorithms() {
        Set<SigningAlgorithm> algorithms = EnumSet.of(accessTokenAlgorithm);
        if (openId) {
            algorithms.addAll(idTokenAlgorithms);
        }
        return algorithms;
    }

    long tokenTtl() {
        return tokenTtl;
    }

    /** Whether the flow set its own key settings, which a MultipleFlows overrides. */
    boolean hasOwnKeySettings() {
        return keys.store != null || keys.rotationInterval != null;
    }

    /** The logger given to {@code create}. */
    Logger logger() {
        return logger;
    }

    /** Key settings, shared in shape by flow builders and the MultipleFlows builder. */
    static final class KeySettings {
        JwksKeyStore store;
        Duration rotationInterval;
        JwksRotationTimestampStore timestamps;
        Duration publicKeyExpiry = KeyLifecycle.DEFAULT_PUBLIC_KEY_EXPIRY;
        Duration jwksMaxAge = KeyLifecycle.DEFAULT_ACTIVATION_DELAY;
        Clock clock = Clock.systemUTC();

        /** The authority these settings describe; fails when the lifecycle cannot work. */
        JwtAuthority authority(Set<SigningAlgorithm> algorithms, Duration maxTokenLifetime, Logger logger) {
            KeyLifecycle.Builder lifecycle = KeyLifecycle.builder(store != null ? store : new InMemoryKeyStore())
                    .publicKeyExpiry(publicKeyExpiry)
                    .activationDelay(jwksMaxAge)
                    .maxTokenLifetime(maxTokenLifetime)
                    .clock(clock);
            if (rotationInterval != null) {
                lifecycle.rotation(rotationInterval, timestamps);
            }
            try {
                return new JwtAuthority(new KeyRing(lifecycle.build(), algorithms, logger));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }
}
