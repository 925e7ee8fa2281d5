package io.authdesign.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.flow.MultipleFlows;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.flow.OIDCAuthorizationCodeBuilder;
import io.authdesign.flow.OIDCDeviceAuthorizationBuilder;
import io.authdesign.http.HttpRequest;
import io.authdesign.javalin.AuthDesignPlugin;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.keys.JwksRoute;
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
import io.authdesign.resource.Credentials;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.store.SessionStore;
import io.authdesign.token.GrantType;
import io.javalin.Javalin;
import io.javalin.http.Context;
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
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference authorization server: a {@link MultipleFlows} design built from a configuration with the
 * library's public API only, served by Javalin, with its keys rotated on schedule and a protected
 * {@code GET /api/me}.
 */
public final class ReferenceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The protected route that echoes the validated token. */
    static final String ME = "/api/me";

    /** The administration route that revokes a grant (form parameter {@code grant_id}). */
    static final String REVOKE_GRANT_PATH = "/admin/grants/revoke";

    /** The open liveness route. */
    static final String HEALTH = "/health";

    private final LoadedConfig config;
    private final MultipleFlows design;
    private final Javalin app;
    private final ScheduledExecutorService rotation;
    private final ServerStores stores;

    private ReferenceServer(
            LoadedConfig config,
            MultipleFlows design,
            Javalin app,
            ScheduledExecutorService rotation,
            ServerStores stores) {
        this.config = config;
        this.design = design;
        this.app = app;
        this.rotation = rotation;
        this.stores = stores;
    }

    /** Builds the design, starts listening and schedules key rotation. */
    static ReferenceServer start(LoadedConfig config, SecureRandom random) {
        return start(config, Clock.systemUTC(), random);
    }

    /** As {@link #start(LoadedConfig, SecureRandom)} on the given clock; tests use it to expire codes. */
    static ReferenceServer start(LoadedConfig config, Clock clock, SecureRandom random) {
        Assembly assembly = assemble(config, clock, random);
        MultipleFlows design = assembly.design();
        // The first key exists before the server listens: the JWKS is never empty, and no token request
        // races the scheduler into generating a second key.
        try {
            design.checkAndRotateKeys();
        } catch (RuntimeException e) {
            assembly.stores().close();
            throw e;
        }
        Javalin app = Javalin.create(javalin -> {
                    javalin.startup.showJavalinBanner = false;
                    javalin.startup.showOldJavalinVersionWarning = false;
                    javalin.registerPlugin(new AuthDesignPlugin(design));
                    javalin.routes.get(ME, ReferenceServer::me, AuthDesignPlugin.protect());
                    javalin.routes.get(HEALTH, ReferenceServer::health);
                    javalin.routes.post(
                            REVOKE_GRANT_PATH,
                            ctx -> revokeGrant(assembly.lifecycle(), ctx),
                            AuthDesignPlugin.protect(Commands.ADMIN_SCOPE));
                    javalin.routes.post(
                            Commands.ROTATE_PATH,
                            ctx -> rotateKeys(design, ctx),
                            AuthDesignPlugin.protect(Commands.ADMIN_SCOPE));
                    byte[] openApi = openApi(design, config.issuer());
                    javalin.routes.get(
                            OpenApiDocument.PATH,
                            ctx -> ctx.contentType("application/json").result(openApi));
                })
                .start(config.host(), config.port());
        return new ReferenceServer(
                config,
                design,
                app,
                scheduleMaintenance(design, assembly.stores(), config.signing().rotationInterval()),
                assembly.stores());
    }

    /**
     * Checks for a due rotation regularly (the timestamp store makes it once per interval across nodes) and
     * purges expired rows.
     */
    private static ScheduledExecutorService scheduleMaintenance(
            MultipleFlows design, ServerStores stores, Duration interval) {
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

    /** What the server serves: the design (its device verification page included), its stores and lifecycle. */
    record Assembly(MultipleFlows design, ServerStores stores, ReadyTokenLifecycle lifecycle) {}

    /** The design alone, on memory storage whatever the configuration says (tests of the design). */
    static MultipleFlows design(LoadedConfig config, Clock clock) {
        return assemble(config.inMemory(), clock, new SecureRandom()).design();
    }

    static Assembly assemble(LoadedConfig config, Clock clock, SecureRandom random) {
        ServerStores stores = ServerStores.open(config.storage(), clock, random);
        RegisteredClientKeys keys = RegisteredClientKeys.builder()
                .clients(config.clientStore())
                .sharedSecrets(config.clientSecretJwtKeys())
                .clock(clock)
                .build();
        boolean registration = config.registration().policy() != LoadedConfig.RegistrationPolicy.OFF;
        ClientAuthMethods methods = new ClientAuthMethods(config.clients(), stores.replays(), keys, registration);
        Pages pages = new Pages(config.clientStore());
        ServerUsers users = new ServerUsers(config.users(), random);
        SessionStore sessions = stores.sessions();
        RefreshTokenStore refreshTokens = stores.refreshTokens();
        Map<String, String> scopes = scopesOf(config.clients());
        DPoPToken dpop = dpop(config, clock, stores);
        SignInGuard signIn =
                SignInGuard.builder().attempts(stores.attempts()).clock(clock).build();

        ReadyTokenLifecycle lifecycle = ReadyTokenLifecycle.builder()
                .clients(config.clientStore(), config.clientSecrets())
                .refreshTokens(refreshTokens)
                .revocations(stores.grantRevocations())
                .introspection(client -> config.introspectionClients().contains(client.clientId()))
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
            ClientRegistrationEndpoint endpoint = registrationEndpoint(config, scopes, built::get, clock, random);
            designBuilder.addEndpoints(endpoint.endpoints(), endpoint.metadata());
        }
        ReadyLogout logout = ReadyLogout.builder()
                .issuer(config.issuer())
                .clients(config.clientStore())
                .sessions(sessions)
                .keys(() -> Optional.ofNullable(built.get()).flatMap(MultipleFlows::jwtAuthority))
                .clock(clock)
                .build();
        designBuilder.addEndpoints(logout.endpoints(), logout.metadata());
        MultipleFlows design = designBuilder.build();
        built.set(design);
        return new Assembly(design, stores, lifecycle);
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
            Clock clock,
            SecureRandom random) {
        Set<String> offeredScopes = new LinkedHashSet<>(List.of("openid"));
        offeredScopes.addAll(scopes.keySet());
        offeredScopes.remove(REGISTER_SCOPE);
        offeredScopes.remove(Commands.ADMIN_SCOPE);
        RegistrationPolicy policy = new RegistrationPolicy(
                new LinkedHashSet<>(ClientAuthMethods.REGISTRATION_METHODS),
                new LinkedHashSet<>(List.of(
                        GrantType.AUTHORIZATION_CODE.value(),
                        GrantType.REFRESH_TOKEN.value(),
                        GrantType.CLIENT_CREDENTIALS.value(),
                        GrantType.DEVICE_CODE.value())),
                offeredScopes,
                config.signing().idTokenAlgorithms().stream()
                        .map(algorithm -> algorithm.jws().getName())
                        .collect(Collectors.toCollection(LinkedHashSet::new)));
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
                .clock(clock)
                .random(random)
                .build();
    }

    /**
     * One DPoP token type for every flow: proofs always accepted (required or not by the configuration),
     * the common algorithms allowed, nonces from a secret of this process when required.
     */
    private static DPoPToken dpop(LoadedConfig config, Clock clock, ServerStores stores) {
        DPoPToken dpop = new DPoPToken()
                .setRequired(config.dpop().required())
                .setReplayDetector(stores.replays())
                .setClock(clock);
        for (String algorithm : List.of("ES384", "PS256", "RS256", "EdDSA")) {
            dpop.addAlgorithm(algorithm);
        }
        if (config.dpop().nonce()) {
            dpop.requireNonce(stores.nonceSecret(), Duration.ofMinutes(5));
        }
        return dpop;
    }

    /**
     * The {@code acr} of a sign-in with the password form: an absolute URI under the issuer, as OpenID Connect
     * Core section 2 recommends for values without a registered name; stated in ID tokens and advertised in
     * {@code acr_values_supported}.
     */
    static String passwordAcr(String issuer) {
        return issuerUrl(issuer, "/acr/password");
    }

    /** The scope of the access tokens that register clients under the {@code token} policy. */
    static final String REGISTER_SCOPE = "authdesign:register";

    private static String issuerUrl(String issuer, String path) {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + path;
    }

    /**
     * {@code GET /health}: liveness, without authentication; answered like {@code /api/me} (a small JSON
     * document, not stored), so that the load harness can compare a protected route with an open one.
     */
    private static void health(Context ctx) throws JsonProcessingException {
        ctx.contentType("application/json")
                .header("Cache-Control", "no-store")
                .result(JSON.writeValueAsBytes(Map.of("status", "ok")));
    }

    /** {@code GET /api/me}: the validated token's subject, client and scopes. */
    private static void me(Context ctx) throws JsonProcessingException {
        Credentials credentials = AuthDesignPlugin.credentials(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", credentials.subject());
        body.put("client_id", credentials.clientId());
        body.put("scope", String.join(" ", new TreeSet<>(credentials.scopes())));
        ctx.contentType("application/json").header("Cache-Control", "no-store").result(JSON.writeValueAsBytes(body));
    }

    /** Generates new signing keys now (an administration client's request), as the schedule would. */
    private static void rotateKeys(MultipleFlows design, Context ctx) throws JsonProcessingException {
        design.generateKeyPair();
        LOG.info(
                "Signing keys rotated on request of client '{}'",
                AuthDesignPlugin.credentials(ctx).clientId());
        ctx.contentType("application/json")
                .header("Cache-Control", "no-store")
                .result(JSON.writeValueAsBytes(Map.of("rotated", true)));
    }

    /**
     * Revokes a grant now (an administration client's request): its refresh tokens and the access tokens
     * already issued from it, on every node.
     */
    private static void revokeGrant(ReadyTokenLifecycle lifecycle, Context ctx) throws JsonProcessingException {
        String grantId = ctx.formParam("grant_id");
        if (grantId == null || grantId.isBlank() || grantId.length() > 512) {
            ctx.status(400)
                    .contentType("application/json")
                    .header("Cache-Control", "no-store")
                    .result(JSON.writeValueAsBytes(Map.of(
                            "error", "invalid_request", "error_description", "The grant_id parameter is required")));
            return;
        }
        lifecycle.revokeGrant(grantId);
        LOG.info(
                "Grant revoked on request of client '{}'",
                AuthDesignPlugin.credentials(ctx).clientId());
        ctx.contentType("application/json")
                .header("Cache-Control", "no-store")
                .result(JSON.writeValueAsBytes(Map.of("revoked", true)));
    }

    private static byte[] openApi(MultipleFlows design, String issuer) {
        try {
            return JSON.writeValueAsBytes(OpenApiDocument.of(design, issuer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The OpenAPI document cannot be written", e);
        }
    }

    private static Map<String, String> scopesOf(Collection<RegisteredClient> clients) {
        Map<String, String> scopes = new LinkedHashMap<>();
        for (String standard : List.of("profile", "email", "address", "phone")) {
            scopes.put(standard, "OpenID Connect " + standard + " claims");
        }
        clients.forEach(client -> client.scopes().forEach(scope -> scopes.putIfAbsent(scope, scope)));
        return scopes;
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** The design being served. */
    public MultipleFlows design() {
        return design;
    }

    /** The configuration being served. */
    LoadedConfig config() {
        return config;
    }

    @Override
    public void close() {
        rotation.shutdownNow();
        app.stop();
        stores.close();
    }
}
