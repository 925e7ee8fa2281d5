package io.authdesign.guides;

import com.zaxxer.hikari.HikariDataSource;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.flow.MultipleFlows;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OIDCAuthorizationCodeBuilder;
import io.authdesign.javalin.AuthDesignPlugin;
import io.authdesign.jdbc.JdbcDataSources;
import io.authdesign.jdbc.JdbcStoreOptions;
import io.authdesign.jdbc.JdbcStores;
import io.authdesign.jdbc.KeyEncryptionKey;
import io.authdesign.ready.ReadyAuthorizationCodeFlow;
import io.authdesign.ready.ReadyTokenLifecycle;
import io.authdesign.ready.SignInGuard;
import io.authdesign.ready.UserAccounts;
import io.authdesign.redis.RedisStoreOptions;
import io.authdesign.redis.RedisStores;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.RegisteredClient;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One node of an OpenID Provider that runs on several: long-lived state in PostgreSQL, short-lived state in
 * Redis. Nodes given the same {@link Shared} settings behave as one server behind a load balancer.
 */
public final class ScaleOutNode implements AutoCloseable {

    /** What every node of one server must share. */
    public record Shared(
            String issuer, // the public URL, the load balancer's
            String postgresqlUrl,
            String postgresqlUser,
            String postgresqlPassword,
            String redisUri,
            KeyEncryptionKey keyEncryptionKey, // seals the private signing keys in the database
            byte[] clientSecretKey) {} // the HMAC key of the client secret hashes, at least 32 bytes

    private final HikariDataSource pool;
    private final RedisStores redis;
    private final ScheduledExecutorService maintenance;
    private final Javalin app;

    private ScaleOutNode(HikariDataSource pool, RedisStores redis, ScheduledExecutorService maintenance, Javalin app) {
        this.pool = pool;
        this.redis = redis;
        this.maintenance = maintenance;
        this.app = app;
    }

    public static ScaleOutNode start(Shared shared, int port, UserAccounts users) {
        SecureRandom random = new SecureRandom();
        HikariDataSource pool = JdbcDataSources.postgresql(
                shared.postgresqlUrl(), shared.postgresqlUser(), shared.postgresqlPassword(), 16);
        // migrates the schema (Flyway) on start; every node may do it, one at a time
        JdbcStores database =
                JdbcStores.create(pool, Clock.systemUTC(), new JdbcStoreOptions(shared.keyEncryptionKey(), random));
        RedisStores redis = RedisStores.connect(shared.redisUri(), Clock.systemUTC(), RedisStoreOptions.defaults());
        ClientSecretHasher hasher = new ClientSecretHasher(shared.clientSecretKey(), random);

        database.clients() // an upsert: every node may register the same clients at start
                .save(RegisteredClient.builder("spa")
                        .authMethods("none")
                        .grantTypes("authorization_code", "refresh_token")
                        .redirectUris("http://127.0.0.1:8080/callback")
                        .scopes("openid", "profile")
                        .build());

        ReadyTokenLifecycle lifecycle = ReadyTokenLifecycle.builder()
                .clients(database.clients(), hasher)
                .refreshTokens(database.refreshTokens())
                .revocations(redis.grantRevocations()) // revoked grants, read on every protected request
                .build();
        ReadyAuthorizationCodeFlow code = ReadyAuthorizationCodeFlow.builder()
                .lifecycle(lifecycle)
                .clients(database.clients(), hasher)
                .codes(redis.authorizationCodes()) // single use across nodes (atomic)
                .refreshTokens(database.refreshTokens()) // reuse detected across nodes
                .consents(database.consents())
                .sessions(redis.sessions()) // signed in on one node, signed in on all
                .users(users)
                .signInGuard(SignInGuard.builder().attempts(redis.attempts()).build()) // limits across nodes
                .build();
        DPoPToken dpop = new DPoPToken().setRequired(false).setReplayDetector(redis.replays()); // once per proof

        MultipleFlows design = MultipleFlowsBuilder.create()
                .setIssuer(shared.issuer())
                .setJwksKeyStore(database.keys())
                .setJwksRotatorOptions(Duration.ofDays(1), database.rotationTimestamps()) // one node rotates
                .setPublicKeyExpiry(Duration.ofDays(2).toSeconds()) // > interval + JWKS max-age + token TTL
                .add(code.install(OIDCAuthorizationCodeBuilder.create()
                        .addClientAuthenticationMethod("client_secret_basic")
                        .addClientAuthenticationMethod("none")
                        .setTokenType(dpop)))
                .build();

        design.checkAndRotateKeys();
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor();
        maintenance.scheduleAtFixedRate(
                () -> {
                    design.checkAndRotateKeys();
                    database.purgeExpired(1000); // expired codes, tokens, sessions: in batches
                },
                60,
                60,
                TimeUnit.SECONDS);

        Javalin app = Javalin.create(config -> {
                    config.registerPlugin(new AuthDesignPlugin(design));
                    config.routes.get(
                            "/api/me",
                            ctx -> ctx.result(AuthDesignPlugin.credentials(ctx).subject()),
                            AuthDesignPlugin.protect("openid"));
                })
                .start("127.0.0.1", port);
        return new ScaleOutNode(pool, redis, maintenance, app);
    }

    @Override
    public void close() {
        maintenance.shutdownNow();
        app.stop();
        redis.close();
        pool.close();
    }
}
