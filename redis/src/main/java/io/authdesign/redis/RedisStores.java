package io.authdesign.redis;

import io.authdesign.replay.ReplayStore;
import io.authdesign.store.AttemptStore;
import io.authdesign.store.AuthorizationCodeStore;
import io.authdesign.store.DeviceCodeStore;
import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.PushedRequestStore;
import io.authdesign.store.SessionStore;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.util.Objects;

/**
 * The AuthDesign stores that suit Redis, for deployments that keep hot, short-lived state there: replay
 * entries (client assertion and DPoP proof {@code jti}s), authorization codes, device codes, login
 * sessions, pushed authorization requests, failed attempt counts and the revocation list of access tokens. Each operation is one Redis command or one Lua script, so nodes sharing the Redis behave as
 * one server. Redis failures throw {@link io.authdesign.StoreUnavailableException}; the connection
 * rejects commands at once while disconnected (rather than queueing them) and reconnects by itself.
 * Clients, refresh-token families, consents and keys belong in the database ({@code authdesign-jdbc}).
 *
 * <p>Single Redis node (or a primary with replicas): the device-code save script touches two keys, which
 * Redis Cluster would need in one hash slot.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10.5">RFC 6749 section 10.5</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.5">RFC 8628 section 3.5</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-11.1">RFC 9449 section 11.1</a>
 */
public final class RedisStores implements AutoCloseable {

    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final AuthorizationCodeStore authorizationCodes;
    private final DeviceCodeStore deviceCodes;
    private final SessionStore sessions;
    private final ReplayStore replays;
    private final PushedRequestStore pushedRequests;
    private final AttemptStore attempts;
    private final GrantRevocationStore grantRevocations;

    private RedisStores(
            AbstractRedisClient client,
            StatefulConnection<String, String> connection,
            RedisClusterCommands<String, String> commands,
            Clock clock,
            RedisStoreOptions options) {
        this.client = client;
        this.connection = connection;
        Redis redis = new Redis(commands, options.keyPrefix());
        this.authorizationCodes = new RedisAuthorizationCodeStore(redis, clock);
        this.deviceCodes = new RedisDeviceCodeStore(redis, clock);
        this.sessions = new RedisSessionStore(redis, clock, options.random());
        this.replays = new RedisReplayStore(redis);
        this.pushedRequests = new RedisPushedRequestStore(redis, clock);
        this.attempts = new RedisAttemptStore(redis);
        this.grantRevocations = new RedisGrantRevocationStore(redis, clock);
    }

    /**
     * Connects to Redis and returns the stores.
     *
     * @param uri a Redis URI, such as {@code redis://127.0.0.1:6379}
     * @param clock the clock that decides the expiry of codes, device codes and sessions
     * @param options the key prefix, command timeout and random source
     * @throws IllegalStateException if Redis cannot be reached
     */
    public static RedisStores connect(String uri, Clock clock, RedisStoreOptions options) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(options, "options");
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(options.commandTimeout());
        RedisClient client = RedisClient.create(redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            connection.sync().ping();
            return new RedisStores(client, connection, connection.sync(), clock, options);
        } catch (RedisException e) {
            client.shutdown();
            throw new IllegalStateException(
                    "Cannot reach Redis at " + redisUri.getHost() + ":" + redisUri.getPort(), e);
        }
    }

    /**
     * Connects to a Redis Cluster and returns the stores. Every script and multi-key command of the stores
     * keeps its keys in one hash slot (the device authorizations share the hash tag {@code {device}}), so
     * each runs on the node that owns the slot; the client follows the cluster's topology as it changes
     * (on redirects and reconnects, as Lettuce does by default, and every minute).
     *
     * @param uri the Redis URI of one node of the cluster, such as {@code redis://10.0.0.5:7000}; the client
     *     discovers the others
     * @param clock the clock that decides the expiry of codes, device codes and sessions
     * @param options the key prefix, command timeout and random source
     * @throws IllegalStateException if the cluster cannot be reached
     * @see <a href="https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/">Redis
     *     Cluster specification: hash tags</a>
     */
    public static RedisStores connectCluster(String uri, Clock clock, RedisStoreOptions options) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(options, "options");
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(options.commandTimeout());
        RedisClusterClient client = RedisClusterClient.create(redisUri);
        // the connection to each node is made at its first command: commands wait for it (bounded by the
        // command timeout) instead of being rejected as they are on a single Redis while it is down
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(java.time.Duration.ofMinutes(1))
                        .build())
                .build());
        try {
            StatefulRedisClusterConnection<String, String> connection = client.connect();
            connection.sync().ping();
            return new RedisStores(client, connection, connection.sync(), clock, options);
        } catch (RedisException e) {
            client.shutdown();
            throw new IllegalStateException(
                    "Cannot reach the Redis Cluster at " + redisUri.getHost() + ":" + redisUri.getPort(), e);
        }
    }

    /** Authorization codes. */
    public AuthorizationCodeStore authorizationCodes() {
        return authorizationCodes;
    }

    /** Device authorizations. */
    public DeviceCodeStore deviceCodes() {
        return deviceCodes;
    }

    /** Login sessions. */
    public SessionStore sessions() {
        return sessions;
    }

    /** One-time values: client assertion and DPoP proof {@code jti}s. */
    public ReplayStore replays() {
        return replays;
    }

    /** Pushed authorization requests (RFC 9126). */
    public PushedRequestStore pushedRequests() {
        return pushedRequests;
    }

    /** Failed sign-in and user code attempts, counted across nodes (RFC 6749 section 10.10). */
    public AttemptStore attempts() {
        return attempts;
    }

    /**
     * The revocation list of JWT access tokens, by grant: read on every protected request, so a local Redis
     * keeps that read short.
     *
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.1">RFC 7009 section 2.1</a>
     */
    public GrantRevocationStore grantRevocations() {
        return grantRevocations;
    }

    /** Closes the connection and shuts the client down. */
    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }

    @Override
    public String toString() {
        return "RedisStores[" + client + "]";
    }
}
