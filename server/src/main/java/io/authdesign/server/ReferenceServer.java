package io.authdesign.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.authdesign.flow.MultipleFlows;
import io.authdesign.javalin.AuthDesignPlugin;
import io.authdesign.ready.ReadyTokenLifecycle;
import io.authdesign.resource.Credentials;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference authorization server: a {@link MultipleFlows} design built from a configuration with the
 * library's public API only, served by Javalin, with its keys rotated on schedule and a protected
 * {@code GET /api/me}.
 */
public final class ReferenceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceServer.class);
    /**
     * Jackson with buffers pooled across threads (requests run on virtual threads, one per request), made by
     * the first request that writes JSON rather than during the start.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                        .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                        .build())
                .build();
    }

    /** The protected route that echoes the validated token. */
    static final String ME = "/api/me";

    /** The administration route that revokes a grant (form parameter {@code grant_id}). */
    static final String REVOKE_GRANT_PATH = "/admin/grants/revoke";

    /** The open liveness route. */
    static final String HEALTH = "/health";

    private final LoadedConfig config;
    private final MultipleFlows design;
    private final Javalin app;
    private final ServerAssembly assembly;
    private final Observability observability;

    private ReferenceServer(
            LoadedConfig config,
            MultipleFlows design,
            Javalin app,
            ServerAssembly assembly,
            Observability observability) {
        this.config = config;
        this.design = design;
        this.app = app;
        this.assembly = assembly;
        this.observability = observability;
    }

    /** Builds the design, starts listening and schedules key rotation. */
    static ReferenceServer start(LoadedConfig config, SecureRandom random) {
        return start(config, Clock.systemUTC(), random);
    }

    /** As {@link #start(LoadedConfig, SecureRandom)} on the given clock; tests use it to expire codes. */
    static ReferenceServer start(LoadedConfig config, Clock clock, SecureRandom random) {
        Observability observability = Observability.open(config.observability(), clock);
        ServerAssembly assembly;
        try {
            assembly = ServerAssembly.assemble(config, clock, random, observability.listener());
        } catch (RuntimeException e) {
            observability.close();
            throw e;
        }
        MultipleFlows design = assembly.design();
        // The first keys are generated while Jetty starts. Every request waits until the rotation is decided
        // (the first handler below); then a token waits for its own algorithm's key only (an EC key takes
        // milliseconds, RSA ones tenths of a second), and no request generates a second key. The JWKS waits
        // for every key, so it is never served without one. start returns only once they all exist.
        CompletableFuture<CompletableFuture<Void>> planned = CompletableFuture.supplyAsync(
                assembly::startKeysAsync,
                task -> Thread.ofPlatform()
                        .daemon()
                        .name("authdesign-first-keys")
                        .start(task));
        CompletableFuture<Void> keys = planned.thenCompose(made -> made);
        String jwksPath = Optional.ofNullable(
                        design.authorizationServerMetadata().get("jwks_uri"))
                .map(uri -> URI.create(uri.toString()).getPath())
                .orElse(null);
        Javalin app;
        try {
            app = Javalin.create(javalin -> {
                        javalin.startup.showJavalinBanner = false;
                        javalin.startup.showOldJavalinVersionWarning = false;
                        // no servlet session cookie: the pages keep their state in the design's stores and
                        // their own cookies; Jetty's session handler would otherwise parse every request's
                        // cookies into a new attribute map, looking for one
                        javalin.jetty.modifyServletContextHandler(
                                handler -> handler.getSessionHandler().setUsingCookies(false));
                        javalin.routes.before(ctx -> awaitKeys(ctx.path().equals(jwksPath) ? keys : planned));
                        // the most requested GET routes first: Javalin tries routes in registration order and
                        // matches each one tried before the right one with a regular expression
                        javalin.routes.get(HEALTH, ReferenceServer::health);
                        javalin.routes.get(ME, ReferenceServer::me, AuthDesignPlugin.protect());
                        javalin.registerPlugin(new AuthDesignPlugin(design));
                        javalin.routes.post(
                                REVOKE_GRANT_PATH,
                                ctx -> revokeGrant(assembly.lifecycle(), ctx),
                                AuthDesignPlugin.protect(Commands.ADMIN_SCOPE));
                        javalin.routes.post(
                                Commands.ROTATE_PATH,
                                ctx -> rotateKeys(design, ctx),
                                AuthDesignPlugin.protect(Commands.ADMIN_SCOPE));
                        // off by default: the route does not exist (404) unless metrics: {enabled: true}
                        observability
                                .registry()
                                .ifPresent(registry -> javalin.routes.get(
                                        Observability.METRICS_PATH,
                                        ctx -> ctx.contentType(Observability.PROMETHEUS_TEXT)
                                                .header("Cache-Control", "no-store")
                                                .result(registry.scrape())));
                        // written by its first request: the document is static, and the start does not wait for it
                        Supplier<byte[]> openApi = memoized(() -> openApi(design, config.issuer()));
                        javalin.routes.get(
                                OpenApiDocument.PATH,
                                ctx -> ctx.contentType("application/json").result(openApi.get()));
                    })
                    .start(config.host(), config.port());
        } catch (RuntimeException e) {
            keys.exceptionally(failure -> null).join(); // the stores close once the key thread is done with them
            assembly.close();
            observability.close();
            throw e;
        }
        try {
            awaitKeys(keys);
        } catch (RuntimeException e) {
            app.stop();
            assembly.close();
            observability.close();
            throw e;
        }
        assembly.hashPasswordsLater();
        return new ReferenceServer(config, design, app, assembly, observability);
    }

    /** Waits for the first keys; their generation's failure is thrown as it was thrown. */
    private static void awaitKeys(CompletableFuture<?> keys) {
        if (keys.isDone() && !keys.isCompletedExceptionally()) {
            return;
        }
        try {
            keys.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The {@code acr} a password sign-in states ({@link ServerAssembly#passwordAcr}). */
    static String passwordAcr(String issuer) {
        return ServerAssembly.passwordAcr(issuer);
    }

    /** The design alone, on memory storage whatever the configuration says (tests of the design). */
    static MultipleFlows design(LoadedConfig config, Clock clock) {
        return ServerAssembly.assemble(config.inMemory(), clock, new SecureRandom())
                .design();
    }

    /**
     * {@code GET /health}: liveness, without authentication; answered like {@code /api/me} (a small JSON
     * document, not stored), so that the load harness can compare a protected route with an open one.
     */
    private static void health(Context ctx) throws IOException {
        writeJson(ctx, Json.MAPPER.writeValueAsBytes(Map.of("status", "ok")));
    }

    /**
     * Answers a JSON document that must not be cached, written straight to the response stream: a result
     * set with {@code ctx.result(...)} is copied through a buffer of the response buffer size (32 KB)
     * allocated for every response.
     */
    private static void writeJson(Context ctx, byte[] body) throws IOException {
        ctx.contentType("application/json").header("Cache-Control", "no-store");
        ctx.outputStream().write(body);
    }

    /** {@code GET /api/me}: the validated token's subject, client and scopes. */
    private static void me(Context ctx) throws IOException {
        Credentials credentials = AuthDesignPlugin.credentials(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", credentials.subject());
        body.put("client_id", credentials.clientId());
        body.put("scope", String.join(" ", new TreeSet<>(credentials.scopes())));
        writeJson(ctx, Json.MAPPER.writeValueAsBytes(body));
    }

    /** Generates new signing keys now (an administration client's request), as the schedule would. */
    private static void rotateKeys(MultipleFlows design, Context ctx) throws JsonProcessingException {
        design.generateKeyPair();
        LOG.info(
                "Signing keys rotated on request of client '{}'",
                AuthDesignPlugin.credentials(ctx).clientId());
        ctx.contentType("application/json")
                .header("Cache-Control", "no-store")
                .result(Json.MAPPER.writeValueAsBytes(Map.of("rotated", true)));
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
                    .result(Json.MAPPER.writeValueAsBytes(Map.of(
                            "error", "invalid_request", "error_description", "The grant_id parameter is required")));
            return;
        }
        lifecycle.revokeGrant(grantId);
        LOG.info(
                "Grant revoked on request of client '{}'",
                AuthDesignPlugin.credentials(ctx).clientId());
        ctx.contentType("application/json")
                .header("Cache-Control", "no-store")
                .result(Json.MAPPER.writeValueAsBytes(Map.of("revoked", true)));
    }

    /** The supplier's value, computed once, by its first caller. */
    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T result = value;
                if (result == null) {
                    synchronized (this) {
                        result = value;
                        if (result == null) {
                            value = result = supplier.get();
                        }
                    }
                }
                return result;
            }
        };
    }

    private static byte[] openApi(MultipleFlows design, String issuer) {
        try {
            return Json.MAPPER.writeValueAsBytes(OpenApiDocument.of(design, issuer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The OpenAPI document cannot be written", e);
        }
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
        app.stop();
        assembly.close();
        observability.close();
    }
}
