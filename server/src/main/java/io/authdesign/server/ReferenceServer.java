package io.authdesign.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authdesign.client.ClientSecretBasic;
import io.authdesign.client.ClientSecretJwt;
import io.authdesign.client.ClientSecretPost;
import io.authdesign.client.PrivateKeyJwt;
import io.authdesign.flow.MultipleFlows;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.javalin.AuthDesignPlugin;
import io.authdesign.keys.InMemoryKeyStore;
import io.authdesign.keys.JwksRoute;
import io.authdesign.replay.InMemoryReplayStore;
import io.authdesign.replay.ReplayStore;
import io.authdesign.resource.Credentials;
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
        MultipleFlows design = design(config, Clock.systemUTC());
        // The first key exists before the server listens: the JWKS is never empty, and no token request
        // races the scheduler into generating a second key.
        design.checkAndRotateKeys();
        Javalin app = Javalin.create(javalin -> {
                    javalin.startup.showJavalinBanner = false;
                    javalin.startup.showOldJavalinVersionWarning = false;
                    javalin.registerPlugin(new AuthDesignPlugin(design));
                    javalin.routes.get(ME, ReferenceServer::me, AuthDesignPlugin.protect());
                })
                .start(config.host(), config.port());
        return new ReferenceServer(
                config, design, app, scheduleRotation(design, config.signing().rotationInterval()));
    }

    /** Checks for a due rotation regularly; the timestamp store makes it once per interval. */
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

    static MultipleFlows design(LoadedConfig config, Clock clock) {
        Registry registry = config.registry();
        ReplayStore replays = new InMemoryReplayStore(clock);
        JwksFetcher fetcher = new JwksFetcher(clock);
        OAuth2ClientCredentialsBuilder clientCredentials = OAuth2ClientCredentialsBuilder.create()
                .setTokenTTL(config.tokenTtl())
                .setScopes(scopesOf(registry.clients().values()))
                .setAccessTokenSigningAlgorithm(config.signing().algorithm())
                .useAccessTokenJwks(true)
                .tokenRoute(route -> route.generateToken(new ClientCredentialsHandler(registry, config.secrets())));
        if (usesMethod(registry, "client_secret_basic")) {
            clientCredentials.addClientAuthenticationMethod(new ClientSecretBasic());
        }
        if (usesMethod(registry, "client_secret_post")) {
            clientCredentials.addClientAuthenticationMethod(new ClientSecretPost());
        }
        if (usesMethod(registry, "client_secret_jwt")) {
            clientCredentials.addClientAuthenticationMethod(new ClientSecretJwt()
                    .addAlgorithm("HS384")
                    .addAlgorithm("HS512")
                    .setReplayStore(replays)
                    .getClientSecret((clientId, claims, assertion) -> registry.client(clientId)
                            .filter(client -> client.uses("client_secret_jwt"))
                            .map(Registry.Client::jwtSecret)
                            .orElse(null)));
        }
        if (usesMethod(registry, "private_key_jwt")) {
            PrivateKeyJwt privateKeyJwt = new PrivateKeyJwt()
                    .setReplayStore(replays)
                    .getPublicKeyForClient((clientId, claims, assertion) -> registry.client(clientId)
                            .filter(client -> client.uses("private_key_jwt"))
                            .map(client -> client.jwks() != null ? client.jwks() : fetcher.keys(client.jwksUri()))
                            .orElse(null));
            for (String algorithm :
                    List.of("RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")) {
                privateKeyJwt.addAlgorithm(algorithm);
            }
            clientCredentials.addClientAuthenticationMethod(privateKeyJwt);
        }
        InMemoryKeyStore keys = new InMemoryKeyStore();
        Duration interval = config.signing().rotationInterval();
        return MultipleFlowsBuilder.create()
                .setIssuer(config.issuer())
                .setClock(clock)
                .setJwksKeyStore(keys)
                .setJwksRotatorOptions(interval, keys)
                .setJwksMaxAge(Math.min(300, interval.toSeconds() / 4))
                .setPublicKeyExpiry(config.signing().publicKeyExpiry().toSeconds())
                .jwksRoute(route -> route.setPath(JwksRoute.DEFAULT_PATH))
                .add(clientCredentials)
                .build();
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

    private static boolean usesMethod(Registry registry, String method) {
        return registry.clients().values().stream().anyMatch(c -> c.uses(method));
    }

    private static Map<String, String> scopesOf(Collection<Registry.Client> clients) {
        Map<String, String> scopes = new LinkedHashMap<>();
        clients.forEach(client -> client.scopes().forEach(scope -> scopes.put(scope, scope)));
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
