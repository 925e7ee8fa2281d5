package io.authdesign.server;

import com.zaxxer.hikari.HikariDataSource;
import io.authdesign.jdbc.JdbcDataSources;
import io.authdesign.jdbc.JdbcStoreOptions;
import io.authdesign.jdbc.JdbcStores;
import io.authdesign.jdbc.KeyEncryptionKey;
import io.authdesign.keys.InMemoryKeyStore;
import io.authdesign.keys.JwksKeyStore;
import io.authdesign.keys.JwksRotationTimestampStore;
import io.authdesign.redis.RedisStoreOptions;
import io.authdesign.redis.RedisStores;
import io.authdesign.replay.InMemoryReplayStore;
import io.authdesign.replay.ReplayStore;
import io.authdesign.store.AttemptStore;
import io.authdesign.store.AuthorizationCodeStore;
import io.authdesign.store.ConsentStore;
import io.authdesign.store.DeviceCodeStore;
import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.InMemoryAttemptStore;
import io.authdesign.store.InMemoryAuthorizationCodeStore;
import io.authdesign.store.InMemoryConsentStore;
import io.authdesign.store.InMemoryDeviceCodeStore;
import io.authdesign.store.InMemoryGrantRevocationStore;
import io.authdesign.store.InMemoryPushedRequestStore;
import io.authdesign.store.InMemoryRefreshTokenStore;
import io.authdesign.store.InMemorySessionStore;
import io.authdesign.store.PushedRequestStore;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.SessionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.LoggerFactory;

/**
 * The server's state stores, from the {@code storage} and {@code redis} settings: in memory, in an embedded
 * H2 file, or in PostgreSQL, with Redis optionally holding the hot one-time state. Nodes that share the
 * database (and Redis) and the key-encryption key behave as one server.
 *
 * @param codes authorization codes
 * @param refreshTokens refresh token families
 * @param devices device codes
 * @param consents consents
 * @param sessions sign-in sessions
 * @param keys signing keys
 * @param rotations the rotation timestamp
 * @param replays one-time values (assertion and DPoP proof {@code jti}s)
 * @param pushedRequests pushed authorization requests (RFC 9126)
 * @param grantRevocations the revocation list of access tokens (RFC 7009 section 2.1), read on every
 *     protected request: in Redis when configured
 * @param attempts failed sign-in and user code attempts (RFC 6749 section 10.10)
 * @param nonceSecret the DPoP nonce secret, shared by nodes sharing the key-encryption key
 * @param userCodeKey the key of the device user codes' keyed hash (RFC 8628 section 5.1), shared the same way
 * @param purge deletes expired rows (a no-op in memory)
 * @param resources what {@link #close()} closes
 */
record ServerStores(
        AuthorizationCodeStore codes,
        RefreshTokenStore refreshTokens,
        DeviceCodeStore devices,
        ConsentStore consents,
        SessionStore sessions,
        JwksKeyStore keys,
        JwksRotationTimestampStore rotations,
        ReplayStore replays,
        PushedRequestStore pushedRequests,
        GrantRevocationStore grantRevocations,
        AttemptStore attempts,
        byte[] nonceSecret,
        byte[] userCodeKey,
        Runnable purge,
        List<AutoCloseable> resources)
        implements AutoCloseable {

    /**
     * The most revoked grants in force that the file storage keeps in memory (about 2 MB); beyond, each
     * lookup reads the file again.
     */
    static final int MIRRORED_REVOCATIONS = 10_000;

    /** The scheme of a Redis Cluster node's URI in the configuration ({@code redis-cluster://host:port}). */
    static final String CLUSTER_SCHEME = "redis-cluster://";

    /** The same over TLS. */
    static final String TLS_CLUSTER_SCHEME = "rediss-cluster://";

    /**
     * Opens the configured stores.
     *
     * @throws OpenException when a store cannot be reached, with a message naming it
     */
    static ServerStores open(LoadedConfig.Storage storage, Clock clock, SecureRandom random) {
        if (storage.type().equals("memory")) {
            InMemoryKeyStore keys = new InMemoryKeyStore();
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            byte[] userCodeKey = new byte[32];
            random.nextBytes(userCodeKey);
            return withRedis(
                    new ServerStores(
                            new InMemoryAuthorizationCodeStore(clock),
                            new InMemoryRefreshTokenStore(clock),
                            new InMemoryDeviceCodeStore(clock),
                            new InMemoryConsentStore(),
                            new InMemorySessionStore(clock),
                            keys,
                            keys,
                            new InMemoryReplayStore(clock),
                            new InMemoryPushedRequestStore(clock),
                            new InMemoryGrantRevocationStore(clock),
                            new InMemoryAttemptStore(clock),
                            secret,
                            userCodeKey,
                            () -> {},
                            new ArrayList<>()),
                    storage,
                    clock);
        }
        List<KeyEncryptionKey> keks = keyEncryptionKeys(storage, random);
        KeyEncryptionKey kek = keks.get(0); // seals, and derives the DPoP nonce secret and user code key
        HikariDataSource dataSource;
        try {
            dataSource = storage.type().equals("postgresql")
                    ? JdbcDataSources.postgresql(
                            storage.url(), storage.username(), storage.password(), storage.poolSize())
                    : JdbcDataSources.h2File(storage.path().resolve("authdesign"), storage.poolSize());
        } catch (RuntimeException e) {
            throw cannotOpen(storage, e);
        }
        JdbcStores jdbc;
        try {
            jdbc = JdbcStores.create(
                    dataSource, clock, new JdbcStoreOptions(kek, keks.subList(1, keks.size()), random));
            if (keks.size() > 1) {
                // step 2 of a key-encryption key rotation (docs/OPERATIONS.md): every node already opens
                // the first key, so what older ones sealed moves to it, and they can then be dropped
                LoggerFactory.getLogger(ServerStores.class)
                        .info(
                                "Sealed {} stored signing keys again under the first key-encryption key",
                                jdbc.resealSigningKeys());
            }
        } catch (RuntimeException e) {
            dataSource.close();
            throw cannotOpen(storage, e);
        }
        List<AutoCloseable> resources = new ArrayList<>();
        resources.add(dataSource);
        return withRedis(
                new ServerStores(
                        jdbc.authorizationCodes(),
                        jdbc.refreshTokens(),
                        jdbc.deviceCodes(),
                        jdbc.consents(),
                        jdbc.sessions(),
                        jdbc.keys(),
                        jdbc.rotationTimestamps(),
                        jdbc.replays(),
                        jdbc.pushedRequests(),
                        // the embedded file is this process's alone: its revocation list is answered from
                        // memory, so a protected request reads no database
                        storage.type().equals("postgresql")
                                ? jdbc.grantRevocations()
                                : jdbc.exclusiveGrantRevocations(MIRRORED_REVOCATIONS),
                        jdbc.attempts(),
                        derive(kek, "authdesign dpop nonces"),
                        derive(kek, "authdesign device user codes"),
                        () -> jdbc.purgeExpired(1000),
                        resources),
                storage,
                clock);
    }

    /**
     * With Redis, the hot state moves there: codes, device polling, sessions, replay, pushed requests,
     * attempt counts and the revocation list.
     */
    private static ServerStores withRedis(ServerStores stores, LoadedConfig.Storage storage, Clock clock) {
        if (storage.redis() == null) {
            return stores;
        }
        RedisStores redis;
        try {
            String uri = storage.redis();
            redis = uri.startsWith(CLUSTER_SCHEME)
                    ? RedisStores.connectCluster(
                            "redis://" + uri.substring(CLUSTER_SCHEME.length()), clock, RedisStoreOptions.defaults())
                    : uri.startsWith(TLS_CLUSTER_SCHEME)
                            ? RedisStores.connectCluster(
                                    "rediss://" + uri.substring(TLS_CLUSTER_SCHEME.length()),
                                    clock,
                                    RedisStoreOptions.defaults())
                            : RedisStores.connect(uri, clock, RedisStoreOptions.defaults());
        } catch (RuntimeException e) {
            stores.close();
            throw new OpenException("cannot open the redis storage: " + reason(e), e);
        }
        stores.resources().add(redis::close);
        return new ServerStores(
                redis.authorizationCodes(),
                stores.refreshTokens(),
                redis.deviceCodes(),
                stores.consents(),
                redis.sessions(),
                stores.keys(),
                stores.rotations(),
                redis.replays(),
                redis.pushedRequests(),
                redis.grantRevocations(),
                redis.attempts(),
                stores.nonceSecret(),
                stores.userCodeKey(),
                stores.purge(),
                stores.resources());
    }

    /** A store that cannot be opened at start; the message names the store and the reason. */
    static final class OpenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OpenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static OpenException cannotOpen(LoadedConfig.Storage storage, RuntimeException e) {
        String where = storage.type().equals("postgresql")
                ? storage.url().split("\\?", 2)[0] // the query may hold credentials
                : storage.path().toString();
        return new OpenException("cannot open the " + storage.type() + " storage at " + where + ": " + reason(e), e);
    }

    /** The failure's message, followed by its root cause's when that says more. */
    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String root = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String top = e.getMessage();
        return top == null || top.equals(root) ? root : top.contains(root) ? top : top + " (" + root + ")";
    }

    /**
     * The configured key-encryption keys, the sealing one first; for a file database without one, a key kept
     * in the data directory (created on first start, readable by the owner only).
     */
    private static List<KeyEncryptionKey> keyEncryptionKeys(LoadedConfig.Storage storage, SecureRandom random) {
        if (!storage.keyEncryptionKeys().isEmpty()) {
            return storage.keyEncryptionKeys().stream()
                    .map(KeyEncryptionKey::parse)
                    .toList();
        }
        Path file = storage.path().resolve("key-encryption-key");
        try {
            if (Files.exists(file)) {
                return List.of(KeyEncryptionKey.parse(
                        Files.readString(file, StandardCharsets.US_ASCII).strip()));
            }
            Files.createDirectories(storage.path());
            KeyEncryptionKey kek = KeyEncryptionKey.generate(random);
            Files.writeString(file, kek.toBase64(), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the directory's default permissions
            }
            return List.of(kek);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create the key-encryption key at " + file, e);
        }
    }

    private static byte[] derive(KeyEncryptionKey kek, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(java.util.Base64.getDecoder().decode(kek.toBase64()), "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing on shutdown: nothing more to do
            }
        }
    }
}
