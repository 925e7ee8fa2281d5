package io.authdesign.guides;

import com.zaxxer.hikari.HikariDataSource;
import io.authdesign.flow.MultipleFlows;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.javalin.AuthDesignPlugin;
import io.authdesign.jdbc.JdbcDataSources;
import io.authdesign.jdbc.JdbcStoreOptions;
import io.authdesign.jdbc.JdbcStores;
import io.authdesign.jdbc.KeyEncryptionKey;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.ready.ReadyClientCredentialsFlow;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.RegisteredClient;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A server whose signing keys survive restarts (an H2 file, private keys sealed with a key-encryption key)
 * and rotate every day, published before they sign.
 */
public final class KeysNode implements AutoCloseable {

    private final HikariDataSource pool;
    private final ScheduledExecutorService scheduler;
    private final Javalin app;
    private final MultipleFlows design;

    private KeysNode(HikariDataSource pool, ScheduledExecutorService scheduler, Javalin app, MultipleFlows design) {
        this.pool = pool;
        this.scheduler = scheduler;
        this.app = app;
        this.design = design;
    }

    public static KeysNode start(
            String issuer, int port, Path data, KeyEncryptionKey keyEncryptionKey, ClientSecretHasher hasher) {
        HikariDataSource pool = JdbcDataSources.h2File(data.resolve("authdesign"), 4);
        JdbcStores stores = JdbcStores.create(pool, Clock.systemUTC(), JdbcStoreOptions.of(keyEncryptionKey));
        stores.clients()
                .save(RegisteredClient.builder("svc")
                        .secret(ClientSecret.of(hasher.hash("svc-secret-0123456789")))
                        .grantTypes("client_credentials")
                        .scopes("read")
                        .build());

        Duration interval = Duration.ofDays(1);
        MultipleFlows design = MultipleFlowsBuilder.create()
                .setIssuer(issuer)
                .setJwksKeyStore(stores.keys()) // private keys sealed with AES-GCM under the KEK
                .setJwksRotatorOptions(interval, stores.rotationTimestamps()) // once per interval, all nodes
                .setJwksMaxAge(300) // a new key is published 300 s before it signs
                .setPublicKeyExpiry(interval.multipliedBy(2).plusHours(2).toSeconds())
                .add(ReadyClientCredentialsFlow.builder()
                        .clients(stores.clients(), hasher)
                        .build()
                        .install(OAuth2ClientCredentialsBuilder.create()
                                .addClientAuthenticationMethod("client_secret_basic")
                                .setAccessTokenSigningAlgorithm(SigningAlgorithm.PS256)))
                .build();

        design.checkAndRotateKeys(); // the first keys exist before the first request
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        scheduler.scheduleAtFixedRate(design::checkAndRotateKeys, 60, 60, TimeUnit.SECONDS);

        Javalin app = Javalin.create(config -> {
                    config.registerPlugin(new AuthDesignPlugin(design));
                    config.routes.get("/api/ping", ctx -> ctx.result("pong"), AuthDesignPlugin.protect("read"));
                })
                .start("127.0.0.1", port);
        return new KeysNode(pool, scheduler, app, design);
    }

    /** Makes new keys now, whatever the schedule (after a suspected leak): the original's generateKeyPair. */
    public void rotateNow() {
        design.jwtAuthority().orElseThrow().keyRing().generateKeyPair();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        app.stop();
        pool.close();
    }
}
