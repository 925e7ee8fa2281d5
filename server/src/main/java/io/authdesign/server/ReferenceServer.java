package io.authdesign.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authdesign.flow.MultipleFlows;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.flow.OIDCAuthorizationCodeBuilder;
import io.authdesign.flow.OIDCDeviceAuthorizationBuilder;
import io.authdesign.javalin.AuthDesignPlugin;
import io.authdesign.keys.InMemoryKeyStore;
import io.authdesign.keys.JwksRoute;
import io.authdesign.ready.ReadyAuthorizationCodeFlow;
import io.authdesign.ready.ReadyDeviceFlow;
import io.authdesign.replay.InMemoryReplayStore;
import io.authdesign.resource.Credentials;
import io.authdesign.store.InMemoryAuthorizationCodeStore;
import io.authdesign.store.InMemoryConsentStore;
import io.authdesign.store.InMemoryDeviceCodeStore;
import io.authdesign.store.InMemoryRefreshTokenStore;
import io.authdesign.store.InMemorySessionStore;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.SessionStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    /** The open liveness route. */
    static final String HEALTH = "/health";

    private final LoadedConfig config;
    private final MultipleFlows design;
    private final Javalin app;
    private final ScheduledExecutorService rotation;

    private ReferenceServer(LoadedConfig config, MultipleFlows design, Javalin app, ScheduledExecutorService rotation) {
        this.config = config;
        this.design = design;
        this.app = app;
        this.rotation = rotation;
    }

    /** Builds the design, starts listening and schedules key rotation. */
    static ReferenceServer start(LoadedConfig config, SecureRandom random) {
        Assembly assembly = assemble(config, Clock.systemUTC(), random);
        MultipleFlows design = assembly.design();
        // The first key exists before the server listens: the JWKS is never empty, and no token request
        // races the scheduler into generating a second key.
        design.checkAndRotateKeys();
        DevicePages devicePages = assembly.devicePages();
        Javalin app = Javalin.create(javalin -> {
                    javalin.startup.showJavalinBanner = false;
                    javalin.startup.showOldJavalinVersionWarning = false;
                    javalin.registerPlugin(new AuthDesignPlugin(design));
                    javalin.routes.get(ME, ReferenceServer::me, AuthDesignPlugin.protect());
                    javalin.routes.get(HEALTH, ReferenceServer::health);
                    javalin.routes.get(DevicePages.PATH, devicePages::show);
                    javalin.routes.post(DevicePages.PATH, devicePages::submit);
                })
                .start(config.host(), config.port());
        return new ReferenceServer(
                config, design, app, scheduleRotation(design, config.signing().rotationInterval()));
    }

    /** Checks for a due rotation at start and then regularly; the timestamp store makes it once per interval. */
    private static ScheduledExecutorService scheduleRotation(MultipleFlows design, Duration interval) {
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
                    } catch (RuntimeException e) {
                        LOG.error("Key rotation failed; it is retried in {} s", period, e);
                    }
                },
                period,
                period,
                TimeUnit.SECONDS);
        return executor;
    }

    /** What the server serves: the design and the device pages that share its stores. */
    record Assembly(MultipleFlows design, DevicePages devicePages) {}

    static MultipleFlows design(LoadedConfig config, Clock clock) {
        return assemble(config, clock, new SecureRandom()).design();
    }

    static Assembly assemble(LoadedConfig config, Clock clock, SecureRandom random) {
        Registry registry = config.registry();
        ClientAuthMethods methods =
                new ClientAuthMethods(registry, new InMemoryReplayStore(clock), new JwksFetcher(clock));
        Pages pages = new Pages(registry);
        ServerUsers users = new ServerUsers(registry, random);
        SessionStore sessions = new InMemorySessionStore(clock);
        RefreshTokenStore refreshTokens = new InMemoryRefreshTokenStore(clock);
        Map<String, String> scopes = scopesOf(registry.clients().values());

        OAuth2ClientCredentialsBuilder clientCredentials =
                methods.secretAndJwtMethods(OAuth2ClientCredentialsBuilder.create()
                        .setTokenTTL(config.tokenTtl())
                        .setScopes(scopes)
                        .setAccessTokenSigningAlgorithm(config.signing().algorithm())
                        .useAccessTokenJwks(true)
                        .tokenRoute(route ->
                                route.generateToken(new ClientCredentialsHandler(registry, config.secrets()))));

        ReadyAuthorizationCodeFlow code = ReadyAuthorizationCodeFlow.builder()
                .clients(config.clientStore(), config.clientSecrets())
                .codes(new InMemoryAuthorizationCodeStore(clock))
                .refreshTokens(refreshTokens)
                .consents(new InMemoryConsentStore())
                .sessions(sessions)
                .users(users)
                .clock(clock)
                .random(random)
                .build();
        OIDCAuthorizationCodeBuilder authorizationCode = code.install(
                        methods.userFlowMethods(OIDCAuthorizationCodeBuilder.create()
                                .setTokenTTL(config.tokenTtl())
                                .setScopes(scopes)
                                .setAccessTokenSigningAlgorithm(config.signing().algorithm())
                                .useAccessTokenJwks(true)))
                .authorizationRoute(route -> route.setGETResponseRenderer(pages::authorize)
                        .setPOSTErrorRenderer(pages::authorize)
                        .setErrorRenderer(pages::error));

        ReadyDeviceFlow device = ReadyDeviceFlow.builder()
                .clients(config.clientStore(), config.clientSecrets())
                .devices(new InMemoryDeviceCodeStore(clock))
                .refreshTokens(refreshTokens)
                .users(users)
                .verificationUri(issuerUrl(config.issuer(), DevicePages.PATH))
                .clock(clock)
                .random(random)
                .build();
        OIDCDeviceAuthorizationBuilder deviceAuthorization =
                device.install(methods.userFlowMethods(OIDCDeviceAuthorizationBuilder.create()
                        .setTokenTTL(config.tokenTtl())
                        .setScopes(scopes)
                        .setAccessTokenSigningAlgorithm(config.signing().algorithm())
                        .useAccessTokenJwks(true)));

        InMemoryKeyStore keys = new InMemoryKeyStore();
        Duration interval = config.signing().rotationInterval();
        MultipleFlows design = MultipleFlowsBuilder.create()
                .setIssuer(config.issuer())
                .setClock(clock)
                .setJwksKeyStore(keys)
                .setJwksRotatorOptions(interval, keys)
                .setJwksMaxAge(Math.min(300, interval.toSeconds() / 4))
                .setPublicKeyExpiry(config.signing().publicKeyExpiry().toSeconds())
                .jwksRoute(route -> route.setPath(JwksRoute.DEFAULT_PATH))
                .add(clientCredentials)
                .add(authorizationCode)
                .add(deviceAuthorization)
                .build();
        DevicePages devicePages = new DevicePages(
                pages, device, sessions, users, clock, random, config.issuer().startsWith("https:"));
        return new Assembly(design, devicePages);
    }

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

    private static Map<String, String> scopesOf(Collection<Registry.Client> clients) {
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
    }
}
