package io.authdesign.server;

import io.authdesign.dpop.DPoPToken;
import io.authdesign.flow.MultipleFlows;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.flow.OIDCAuthorizationCodeBuilder;
import io.authdesign.flow.OIDCDeviceAuthorizationBuilder;
import io.authdesign.http.HttpRequest;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.keys.JwksRoute;
import io.authdesign.observe.AuthEventListener;
import io.authdesign.ready.DeviceVerificationPage;
import io.authdesign.ready.ReadyAuthorizationCodeFlow;
import io.authdesign.ready.ReadyClientCredentialsFlow;
import io.authdesign.ready.ReadyDeviceFlow;
import io.authdesign.ready.ReadyLogout;
import io.authdesign.ready.ReadyTokenLifecycle;
import io.authdesign.ready.RegisteredClientKeys;
import io.authdesign.ready.SignInGuard;
import io.authdesign.registration.ClientRegistrationEndpoint;
import io.authdesign.registration.InitialAccess;
import io.authdesign.registration.RegistrationPolicy;
import io.authdesign.resource.AuthResult;
import io.authdesign.store.AttemptStore;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.store.SessionStore;
import io.authdesign.store.UserCodeHasher;
import io.authdesign.token.GrantType;
import io.authdesign.token.ResponseTypes;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference server's authorization server, apart from any HTTP framework: the {@link MultipleFlows}
 * design (client credentials, authorization code with PKCE, PAR and consent, device authorization, refresh,
 * revocation, introspection, userinfo, RP-initiated logout, optional dynamic registration), its stores and its
 * sign-in, consent, device and logout pages, built from the reference server's configuration. The reference
 * server serves it with Javalin, the Spring Boot starter with the servlet adapter: one configuration means
 * the same server in both.
 *
 * <pre>{@code
 * try (ServerAssembly server = ServerAssembly.fromFile(Path.of("server.yaml"))) {
 *     server.start(); // the first signing key, then scheduled rotation and purge
 *     // serve server.design() with an adapter (AuthDesignPlugin, AuthDesignFilter, ...)
 * }
 * }</pre>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414">RFC 8414</a> (the metadata it serves)
 */
public final class ServerAssembly implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerAssembly.class);

    /** How long after the start the configured users' password hashes are derived. */
    static final Duration PASSWORD_HASHING_DELAY = Duration.ofSeconds(1);

    private final LoadedConfig config;
    private final MultipleFlows design;
    private final ServerStores stores;
    private final ReadyTokenLifecycle lifecycle;
    private final Pages pages;
    private final AtomicReference<ScheduledExecutorService> maintenance = new AtomicReference<>();
    private volatile boolean closed;

    private ServerAssembly(
            LoadedConfig config,
            MultipleFlows design,
            ServerStores stores,
            ReadyTokenLifecycle lifecycle,
            Pages pages) {
        this.config = config;
        this.design = design;
        this.stores = stores;
        this.lifecycle = lifecycle;
        this.pages = pages;
    }

    /**
     * Builds the server from a configuration file of the reference server (YAML); relative paths start at
     * the file's directory.
     *
     * @param file the configuration file
     * @return the assembled server, not started
     * @throws ConfigException when the file is missing or wrong, naming the key at fault
     * @throws RuntimeException when a store cannot be opened, naming it
     */
    public static ServerAssembly fromFile(Path file) throws ConfigException {
        SecureRandom random = new SecureRandom();
        return assemble(new ConfigLoader(random).load(file), Clock.systemUTC(), random);
    }

    /**
     * Builds the server from a configuration tree: the maps, lists and scalars of the reference server's
     * YAML file (the same keys, the same meaning, the same checks), as any configuration system yields them.
     * Scalars may be text ({@code "3600"}, {@code "true"}), as property sources hold them.
     *
     * @param source what the tree came from, named in errors
     * @param tree the configuration's top-level keys ({@code issuer}, {@code clients}, ...)
     * @param baseDirectory where relative paths (the {@code file} storage's {@code path}) start
     * @return the assembled server, not started
     * @throws ConfigException when a value is missing or wrong, naming the key at fault
     * @throws RuntimeException when a store cannot be opened, naming it
     */
    public static ServerAssembly fromTree(String source, Map<String, ?> tree, Path baseDirectory)
            throws ConfigException {
        SecureRandom random = new SecureRandom();
        return assemble(new ConfigLoader(random).read(source, tree, baseDirectory), Clock.systemUTC(), random);
    }

    /**
     * Generates the first signing key when none is stored (so the JWKS is never empty and no token request
     * races the schedule into a second one), then checks for a due rotation and purges expired rows
     * regularly, and begins hashing the configured users' passwords in the background
     * {@link #PASSWORD_HASHING_DELAY} later, so that the derivation does not compete with the rest of the
     * start for the processor (a sign-in before then derives its user's hash at once). Call it before
     * serving; calling it again does nothing.
     */
    public void start() {
        startKeys();
        hashPasswordsLater();
    }

    /**
     * The key part of {@link #start()}: the first signing key, then the schedule of rotation and purge.
     * Calling it again does nothing.
     */
    void startKeys() {
        startKeysAsync().join();
    }

    /**
     * As {@link #startKeys()}, returning once the first rotation is decided and its keys' generation has
     * begun: the future completes when they are stored and the schedule runs. A token request meanwhile
     * waits for its own algorithm's key only ({@link MultipleFlows#checkAndRotateKeysAsync()}).
     */
    CompletableFuture<Void> startKeysAsync() {
        if (maintenance.get() != null) {
            return CompletableFuture.completedFuture(null);
        }
        return design.checkAndRotateKeysAsync().thenRun(() -> {
            ScheduledExecutorService scheduled =
                    scheduleMaintenance(design, stores, config.signing().rotationInterval());
            if (!maintenance.compareAndSet(null, scheduled)) {
                scheduled.shutdownNow();
            }
        });
    }

    /**
     * Begins deriving the configured users' password hashes in the background (a sign-in that needs one
     * before it is ready begins it, if need be, and waits for it).
     */
    void hashPasswords() {
        config.users().values().forEach(user -> user.password().begin());
    }

    /**
     * {@link #hashPasswords()} {@link #PASSWORD_HASHING_DELAY} from now: the reference server calls it once it
     * listens, {@link #start()} once the keys are ready, so that on a small machine the derivation does not
     * share the processor with the start or the first requests.
     */
    void hashPasswordsLater() {
        CompletableFuture.delayedExecutor(PASSWORD_HASHING_DELAY.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    // a server closed within the delay (a failed start, a test) derives nothing
                    if (!closed) {
                        hashPasswords();
                    }
                });
    }

    /**
     * The design to serve.
     *
     * @return the design, its endpoints, authenticator and metadata
     */
    public MultipleFlows design() {
        return design;
    }

    /** The opened stores (the operator commands read and revoke a user's grants in them). */
    ServerStores stores() {
        return stores;
    }

    /**
     * The token lifecycle, to revoke a grant (RFC 7009 section 2.1) from an administration route.
     *
     * @return the lifecycle of every flow's tokens
     */
    public ReadyTokenLifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * The issuer identifier (RFC 8414 section 2).
     *
     * @return the configured issuer
     */
    public String issuer() {
        return config.issuer();
    }

    /**
     * The {@code host} the configuration names, for a server that listens where the file says.
     *
     * @return the listen address
     */
    public String host() {
        return config.host();
    }

    /**
     * The {@code port} the configuration names (0: any free port).
     *
     * @return the listen port
     */
    public int port() {
        return config.port();
    }

    /**
     * The pages the design renders (sign-in, consent, device verification, errors), for a design of one's own
     * that wants the same look.
     *
     * @return the pages
     */
    public Pages pages() {
        return pages;
    }

    /**
     * Reads the stores once, as a health check does: the signing keys (the database with {@code file} or
     * {@code postgresql}) and the revocation list (Redis, when configured).
     *
     * @return the storage type, whether Redis is used and the number of published keys
     * @throws RuntimeException the store's failure when one cannot be read
     */
    public Map<String, Object> checkStores() {
        java.time.Instant now = java.time.Instant.now();
        int keys = stores.keys().getKeys(now).size();
        stores.grantRevocations().isRevoked("authdesign-health-check", now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("storage", config.storage().type());
        details.put("redis", config.storage().redis() != null);
        details.put("signingKeys", keys);
        return details;
    }

    /** The loaded configuration, for the reference server. */
    LoadedConfig config() {
        return config;
    }

    /** Stops the schedule, cancels a password derivation not yet begun and closes the stores. */
    @Override
    public void close() {
        closed = true;
        ScheduledExecutorService scheduled = maintenance.getAndSet(null);
        if (scheduled != null) {
            scheduled.shutdownNow();
        }
        stores.close();
    }

    /**
     * Checks for a due rotation regularly (the timestamp store makes it once per interval across nodes) and
     * purges expired rows.
     */
    static ScheduledExecutorService scheduleMaintenance(MultipleFlows design, ServerStores stores, Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "authdesign-key-rotation");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, Math.min(60, interval.toSeconds() / 10));
        executor.scheduleAtFixedRate(
                () -> {
                    try {
                        design.checkAndRotateKeys();
                        stores.purge().run();
                    } catch (RuntimeException e) {
                        LOG.warn("Key rotation or purge failed; retried in {} s: {}", period, e.getMessage());
                    }
                },
                period,
                period,
                TimeUnit.SECONDS);
        return executor;
    }

    /**
     * Builds the design on the stores the configuration names, without generating a key or scheduling
     * anything ({@link #start()} does).
     *
     * @throws ServerStores.OpenException when a store cannot be reached
     */
    static ServerAssembly assemble(LoadedConfig config, Clock clock, SecureRandom random) {
        return assemble(config, clock, random, AuthEventListener.NONE);
    }

    /**
     * As {@link #assemble(LoadedConfig, Clock, SecureRandom)}, reporting sign-ins, consents, tokens,
     * revocations and errors to a listener (metrics, audit).
     */
    static ServerAssembly assemble(LoadedConfig config, Clock clock, SecureRandom random, AuthEventListener events) {
        ServerStores stores = ServerStores.open(config.storage(), clock, random);
        RegisteredClientKeys keys = RegisteredClientKeys.builder()
                .clients(config.clientStore())
                .sharedSecrets(config.clientSecretJwtKeys())
                .clock(clock)
                .build();
        boolean registration = config.registration().policy() != LoadedConfig.RegistrationPolicy.OFF;
        ClientAuthMethods methods =
                new ClientAuthMethods(config.clients(), stores.replays(), keys, registration, config.fapi2());
        Pages pages = new Pages(config.clientStore());
        ServerUsers users = new ServerUsers(config.users(), random);
        SessionStore sessions = stores.sessions();
        RefreshTokenStore refreshTokens = stores.refreshTokens();
        Map<String, String> scopes = scopesOf(config.clients());
        DPoPToken dpop = dpop(config, clock, stores);
        SignInGuard signIn = SignInGuard.builder()
                .attempts(stores.attempts())
                .clock(clock)
                .events(events)
                .build();

        ReadyTokenLifecycle lifecycle = ReadyTokenLifecycle.builder()
                .clients(config.clientStore(), config.clientSecrets())
                .refreshTokens(refreshTokens)
                .revocations(stores.grantRevocations())
                .introspection(client -> config.introspectionClients().contains(client.clientId()))
                .events(events)
                .clock(clock)
                .build();
        List<SigningAlgorithm> idTokenAlgorithms = config.signing().idTokenAlgorithms();
        SigningAlgorithm idTokenAlgorithm = idTokenAlgorithms.get(0);
        SigningAlgorithm[] moreIdTokenAlgorithms =
                idTokenAlgorithms.subList(1, idTokenAlgorithms.size()).toArray(SigningAlgorithm[]::new);
        ReadyClientCredentialsFlow serviceTokens = ReadyClientCredentialsFlow.builder()
                .lifecycle(lifecycle)
                .clients(config.clientStore(), config.clientSecrets())
                .clock(clock)
                .build();
        OAuth2ClientCredentialsBuilder clientCredentials =
                serviceTokens.install(methods.secretAndJwtMethods(OAuth2ClientCredentialsBuilder.create()
                        .setTokenTTL(config.tokenTtl())
                        .setScopes(scopes)
                        .setAccessTokenSigningAlgorithm(config.signing().algorithm())
                        .setTokenType(dpop)
                        .useAccessTokenJwks(true)));

        ReadyAuthorizationCodeFlow code = ReadyAuthorizationCodeFlow.builder()
                .lifecycle(lifecycle)
                .clients(config.clientStore(), config.clientSecrets())
                .codes(stores.codes())
                .refreshTokens(refreshTokens)
                .consents(stores.consents())
                .sessions(sessions)
                .users(users)
                .signInGuard(signIn)
                .pushedRequests(stores.pushedRequests(), false)
                .requestObjects(keys::signingKeys)
                .acrForMethod(ReadyAuthorizationCodeFlow.PASSWORD, passwordAcr(config.issuer()))
                .fapi2Profile(config.fapi2())
                .implicitResponseTypes(config.implicit())
                .clock(clock)
                .random(random)
                .build();
        OIDCAuthorizationCodeBuilder authorizationCode = code.install(
                        methods.userFlowMethods(OIDCAuthorizationCodeBuilder.create()
                                .setTokenTTL(config.tokenTtl())
                                .setScopes(scopes)
                                .setAccessTokenSigningAlgorithm(config.signing().algorithm())
                                .setIdTokenSigningAlgorithms(idTokenAlgorithm, moreIdTokenAlgorithms)
                                .setTokenType(dpop)
                                .useAccessTokenJwks(true)))
                .authorizationRoute(route -> route.setGETResponseRenderer(pages::authorize)
                        .setPOSTErrorRenderer(pages::authorize)
                        .setErrorRenderer(pages::error));

        ReadyDeviceFlow device = ReadyDeviceFlow.builder()
                .lifecycle(lifecycle)
                .clients(config.clientStore(), config.clientSecrets())
                .devices(stores.devices())
                .userCodeHasher(new UserCodeHasher(stores.userCodeKey()))
                .refreshTokens(refreshTokens)
                .users(users)
                .verificationUri(issuerUrl(config.issuer(), DeviceVerificationPage.DEFAULT_PATH))
                .clock(clock)
                .random(random)
                .build();
        OIDCDeviceAuthorizationBuilder deviceAuthorization =
                device.install(methods.userFlowMethods(OIDCDeviceAuthorizationBuilder.create()
                        .setTokenTTL(config.tokenTtl())
                        .setScopes(scopes)
                        .setAccessTokenSigningAlgorithm(config.signing().algorithm())
                        .setIdTokenSigningAlgorithms(idTokenAlgorithm, moreIdTokenAlgorithms)
                        .setTokenType(dpop)
                        .useAccessTokenJwks(true)));

        Duration interval = config.signing().rotationInterval();
        AtomicReference<MultipleFlows> built = new AtomicReference<>();
        MultipleFlowsBuilder designBuilder = MultipleFlowsBuilder.create()
                .setIssuer(config.issuer())
                .setEventListener(events)
                .setClock(clock)
                .setJwksKeyStore(stores.keys())
                .setJwksRotatorOptions(interval, stores.rotations())
                .setJwksMaxAge(Math.min(300, interval.toSeconds() / 4))
                .setPublicKeyExpiry(config.signing().publicKeyExpiry().toSeconds())
                .jwksRoute(route -> route.setPath(JwksRoute.DEFAULT_PATH))
                .additionalConfiguration(Map.of("claims_parameter_supported", true))
                .add(clientCredentials)
                .add(authorizationCode)
                .add(deviceAuthorization);
        DeviceVerificationPage devicePage = DeviceVerificationPage.builder()
                .flow(device)
                .sessions(sessions)
                .users(users)
                .signInGuard(signIn)
                .issuer(config.issuer())
                .renderer(pages::device)
                .clock(clock)
                .build();
        designBuilder.addEndpoints(devicePage.endpoints(), Map.of());
        if (registration) {
            ClientRegistrationEndpoint endpoint =
                    registrationEndpoint(config, scopes, built::get, stores.attempts(), clock, random);
            designBuilder.addEndpoints(endpoint.endpoints(), endpoint.metadata());
        }
        ReadyLogout logout = ReadyLogout.builder()
                .issuer(config.issuer())
                .clients(config.clientStore())
                .sessions(sessions)
                .keys(() -> Optional.ofNullable(built.get()).flatMap(MultipleFlows::jwtAuthority))
                .lifecycle(lifecycle)
                .logoutTokenAlgorithm(idTokenAlgorithm)
                .clock(clock)
                .build();
        designBuilder.addEndpoints(logout.endpoints(), logout.metadata());
        MultipleFlows design = designBuilder.build();
        built.set(design);
        return new ServerAssembly(config, design, stores, lifecycle, pages);
    }

    /**
     * Dynamic client registration into the configured client store, for the methods, grants, scopes and
     * ID token algorithms this server offers; with the {@code token} policy, the initial access token is
     * an access token of this server with the scope {@value #REGISTER_SCOPE}.
     */
    private static ClientRegistrationEndpoint registrationEndpoint(
            LoadedConfig config,
            Map<String, String> scopes,
            Supplier<MultipleFlows> design,
            AttemptStore attempts,
            Clock clock,
            SecureRandom random) {
        Set<String> offeredScopes = new LinkedHashSet<>(List.of("openid"));
        offeredScopes.addAll(scopes.keySet());
        offeredScopes.remove(REGISTER_SCOPE);
        offeredScopes.remove(ADMIN_SCOPE);
        Set<String> grantTypes = new LinkedHashSet<>(List.of(
                GrantType.AUTHORIZATION_CODE.value(),
                GrantType.REFRESH_TOKEN.value(),
                GrantType.CLIENT_CREDENTIALS.value(),
                GrantType.DEVICE_CODE.value()));
        if (config.implicit()) {
            grantTypes.add(ConfigLoader.IMPLICIT_GRANT);
        }
        RegistrationPolicy policy = new RegistrationPolicy(
                // FAPI 2.0 Security Profile section 5.3.2.1: registered clients authenticate with private_key_jwt,
                // and signing.idTokenAlgorithms already holds only PS256 and ES256
                new LinkedHashSet<>(
                        config.fapi2() ? List.of("private_key_jwt") : ClientAuthMethods.REGISTRATION_METHODS),
                grantTypes,
                offeredScopes,
                config.signing().idTokenAlgorithms().stream()
                        .map(algorithm -> algorithm.jws().getName())
                        .collect(Collectors.toCollection(LinkedHashSet::new)),
                // the implicit response types only with implicit.enabled (RFC 9700 section 2.1.2)
                config.implicit() ? new LinkedHashSet<>(ResponseTypes.IMPLICIT) : Set.of());
        InitialAccess access = config.registration().policy() == LoadedConfig.RegistrationPolicy.OPEN
                ? InitialAccess.open()
                : InitialAccess.token(token -> design.get()
                                .authenticator()
                                .authenticate(
                                        HttpRequest.builder("POST", ClientRegistrationEndpoint.DEFAULT_PATH)
                                                .header("Authorization", "Bearer " + token)
                                                .build(),
                                        Set.of(REGISTER_SCOPE))
                        instanceof AuthResult.Authenticated);
        return ClientRegistrationEndpoint.builder()
                .issuer(config.issuer())
                .clients(config.clientStore(), config.clientSecrets())
                .access(access)
                .policy(policy)
                // counted in the shared attempt store, so the limit holds across the nodes of a server
                .attempts(attempts)
                .registrationsPerAddress(config.registration().perAddress(), Duration.ofHours(1))
                .clock(clock)
                .random(random)
                .build();
    }

    /**
     * One DPoP token type for every flow: proofs always accepted (required or not by the configuration),
     * the common algorithms allowed (those of the FAPI 2.0 profile under {@code profile: fapi2}), nonces from
     * a secret of this process when required.
     */
    private static DPoPToken dpop(LoadedConfig config, Clock clock, ServerStores stores) {
        DPoPToken dpop = new DPoPToken()
                .setRequired(config.dpop().required())
                .setReplayDetector(stores.replays())
                .setClock(clock);
        // FAPI 2.0 Security Profile section 5.4.1: under the profile, PS256, ES256 (the default) and EdDSA only,
        // so that dpop_signing_alg_values_supported tells what is accepted
        for (String algorithm :
                config.fapi2() ? List.of("PS256", "EdDSA") : List.of("ES384", "PS256", "RS256", "EdDSA")) {
            dpop.addAlgorithm(algorithm);
        }
        if (config.dpop().nonce()) {
            dpop.requireNonce(stores.nonceSecret(), Duration.ofMinutes(5));
        }
        return dpop;
    }

    /** The scope of the access tokens that register clients under the {@code token} policy. */
    static final String REGISTER_SCOPE = "authdesign:register";

    /**
     * The {@code acr} of a sign-in with the password form: an absolute URI under the issuer, as OpenID Connect
     * Core section 2 recommends for values without a registered name; stated in ID tokens and advertised in
     * {@code acr_values_supported}.
     */
    static String passwordAcr(String issuer) {
        return issuerUrl(issuer, "/acr/password");
    }

    /** The scope of the administration clients' access tokens (key rotation, grant revocation). */
    static final String ADMIN_SCOPE = "authdesign:admin";

    private static String issuerUrl(String issuer, String path) {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + path;
    }

    private static Map<String, String> scopesOf(Collection<RegisteredClient> clients) {
        Map<String, String> scopes = new LinkedHashMap<>();
        for (String standard : List.of("profile", "email", "address", "phone")) {
            scopes.put(standard, "OpenID Connect " + standard + " claims");
        }
        clients.forEach(client -> client.scopes().forEach(scope -> scopes.putIfAbsent(scope, scope)));
        return scopes;
    }
}
