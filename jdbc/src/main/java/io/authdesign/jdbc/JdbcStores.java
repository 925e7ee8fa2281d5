package io.authdesign.jdbc;

import io.authdesign.keys.JwksKeyStore;
import io.authdesign.keys.JwksRotationTimestampStore;
import io.authdesign.replay.ReplayStore;
import io.authdesign.store.AttemptStore;
import io.authdesign.store.AuthorizationCodeStore;
import io.authdesign.store.ClientStore;
import io.authdesign.store.ConsentStore;
import io.authdesign.store.DeviceCodeStore;
import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.PushedRequestStore;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.SessionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Every AuthDesign store on one database, PostgreSQL or an H2 file in PostgreSQL mode. {@link #create}
 * migrates the schema (Flyway, history in {@value #HISTORY_TABLE}) and checks the key-encryption key, so
 * a node that starts has a usable database; then any number of nodes on the same database behave as one
 * server. Operations that fail on the database throw {@link io.authdesign.StoreUnavailableException}.
 *
 * <p>Rows carry their expiry ({@code expires_at}, indexed); {@link #purgeExpired} deletes the expired
 * ones in bounded batches. Run it periodically from one node or all: batches of different nodes do not
 * conflict.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10">RFC 6749 section 10</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.14">RFC 9700 section 4.14</a>
 */
public final class JdbcStores {

    /** The Flyway history table of the stores' schema, apart from an application's own migrations. */
    public static final String HISTORY_TABLE = "authdesign_schema_history";

    /** The classpath folder of the migrations, shared by PostgreSQL and H2. */
    public static final String MIGRATIONS = "classpath:db/authdesign";

    /** The expiring tables and the primary key each purge batch selects by. */
    private record Purged(String table, String key) {}

    private static final List<Purged> PURGED = List.of(
            new Purged("authorization_codes", "code_hash"),
            new Purged("refresh_tokens", "token_hash"),
            new Purged("refresh_families", "family_id"),
            new Purged("device_authorizations", "device_code_hash"),
            new Purged("sessions", "id_hash"),
            new Purged("session_grants", "grant_id"),
            new Purged("signing_keys", "kid"),
            new Purged("replay_entries", "value_hash"),
            new Purged("pushed_requests", "request_uri_hash"),
            new Purged("attempts", "attempt_key"),
            new Purged("revoked_grants", "grant_hash"));

    private final Db db;
    private final Clock clock;
    private final ClientStore clients;
    private final AuthorizationCodeStore authorizationCodes;
    private final RefreshTokenStore refreshTokens;
    private final DeviceCodeStore deviceCodes;
    private final ConsentStore consents;
    private final SessionStore sessions;
    private final JdbcKeyStore keys;
    private final JwksRotationTimestampStore rotationTimestamps;
    private final ReplayStore replays;
    private final PushedRequestStore pushedRequests;
    private final AttemptStore attempts;
    private final JdbcGrantRevocationStore grantRevocations;
    private MirroredGrantRevocationStore mirroredRevocations;

    private JdbcStores(Db db, Clock clock, JdbcStoreOptions options) {
        this.db = db;
        this.clock = clock;
        this.clients = new JdbcClientStore(db);
        this.authorizationCodes = new JdbcAuthorizationCodeStore(db, clock);
        this.refreshTokens = new JdbcRefreshTokenStore(db, clock);
        this.deviceCodes = new JdbcDeviceCodeStore(db, clock);
        this.consents = new JdbcConsentStore(db);
        this.sessions = new JdbcSessionStore(db, clock, options.random());
        this.keys = new JdbcKeyStore(db, options.keyEncryptionKeys(), options.random());
        this.rotationTimestamps = new JdbcRotationTimestampStore(db);
        this.replays = new JdbcReplayStore(db, clock);
        this.pushedRequests = new JdbcPushedRequestStore(db, clock);
        this.attempts = new JdbcAttemptStore(db);
        this.grantRevocations = new JdbcGrantRevocationStore(db);
    }

    /**
     * Migrates the schema and returns the stores.
     *
     * @param dataSource a pool on PostgreSQL, or on H2 in PostgreSQL mode (see {@link JdbcDataSources})
     * @param clock the clock that decides expiry
     * @param options the key-encryption key and random source
     * @throws IllegalStateException if the database cannot be reached or migrated, or the key-encryption
     *     key is not the one the database's keys are sealed with
     * @throws IllegalArgumentException if the database is neither PostgreSQL nor H2 in PostgreSQL mode
     */
    public static JdbcStores create(DataSource dataSource, Clock clock, JdbcStoreOptions options) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(options, "options");
        Dialect dialect = detect(dataSource);
        migrate(dataSource);
        JdbcStores stores = new JdbcStores(new Db(dataSource, dialect), clock, options);
        stores.keys.verifyKey();
        return stores;
    }

    private static Dialect detect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(connection);
            if (dialect == Dialect.H2) {
                requirePostgresqlMode(connection);
            }
            return dialect;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database of the AuthDesign stores", e);
        }
    }

    private static void requirePostgresqlMode(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT setting_value FROM information_schema.settings WHERE setting_name = 'MODE'");
                ResultSet rows = select.executeQuery()) {
            if (!rows.next() || !"PostgreSQL".equalsIgnoreCase(rows.getString(1))) {
                throw new IllegalArgumentException("The AuthDesign stores need H2 in PostgreSQL mode: use a URL with "
                        + JdbcDataSources.H2_SETTINGS);
            }
        }
    }

    /**
     * The version of the newest migration in {@link #MIGRATIONS}; a test checks it against the folder. A
     * database whose history ends at it, without a failed migration, is up to date, and a start skips
     * Flyway (whose scan of the class path for migrations costs a fat jar's start tenths of a second).
     */
    static final int LATEST_MIGRATION = 70;

    private static void migrate(DataSource dataSource) {
        if (upToDate(dataSource)) {
            return;
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    .table(HISTORY_TABLE)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new IllegalStateException("Cannot migrate the AuthDesign stores' schema", e);
        }
    }

    /**
     * Whether the history table says the schema is at {@link #LATEST_MIGRATION} with every migration
     * successful: one query. Anything else (no history yet, an older or newer version, a failed migration, an
     * error) leaves the decision to Flyway, which migrates, repairs nothing and refuses what it must.
     */
    static boolean upToDate(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT MAX(CASE WHEN success THEN"
                        + " CAST(version AS INTEGER) END), SUM(CASE WHEN success THEN 0 ELSE 1 END) FROM "
                        + HISTORY_TABLE + " WHERE version IS NOT NULL");
                ResultSet rows = select.executeQuery()) {
            return rows.next() && rows.getInt(1) == LATEST_MIGRATION && rows.getLong(2) == 0;
        } catch (SQLException | RuntimeException e) {
            return false; // no history table yet, or a version that is not a number: Flyway decides
        }
    }

    /** Registered clients. */
    public ClientStore clients() {
        return clients;
    }

    /** Authorization codes. */
    public AuthorizationCodeStore authorizationCodes() {
        return authorizationCodes;
    }

    /** Pushed authorization requests (RFC 9126). */
    public PushedRequestStore pushedRequests() {
        return pushedRequests;
    }

    /** Refresh-token families. */
    public RefreshTokenStore refreshTokens() {
        return refreshTokens;
    }

    /** Device authorizations. */
    public DeviceCodeStore deviceCodes() {
        return deviceCodes;
    }

    /** Consents. */
    public ConsentStore consents() {
        return consents;
    }

    /** Login sessions. */
    public SessionStore sessions() {
        return sessions;
    }

    /**
     * Seals again, under the newest key-encryption key ({@link JdbcStoreOptions#keyEncryptionKey}), every
     * signing key an older configured one sealed, in one transaction: afterwards the older keys can be
     * removed from every node's configuration.
     *
     * @return how many sealed values were replaced
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-9.2">RFC 7517 section 9.2</a>
     */
    public int resealSigningKeys() {
        return keys.reseal();
    }

    /** Signing keys, private halves encrypted with the key-encryption key. */
    public JwksKeyStore keys() {
        return keys;
    }

    /** The key rotation timestamp: one winner per interval across nodes. */
    public JwksRotationTimestampStore rotationTimestamps() {
        return rotationTimestamps;
    }

    /** One-time values: client assertion and DPoP proof {@code jti}s. */
    public ReplayStore replays() {
        return replays;
    }

    /** Failed sign-in and user code attempts, counted across nodes (RFC 6749 section 10.10). */
    public AttemptStore attempts() {
        return attempts;
    }

    /** The revocation list of JWT access tokens, by grant (RFC 7009 section 2.1). */
    public GrantRevocationStore grantRevocations() {
        return grantRevocations;
    }

    /**
     * The revocation list answered from memory, for an embedded H2 database (a file or in-memory database
     * that H2 holds for this process alone): every protected request asks the revocation list, and this
     * one reads no database to answer. The entries in force are read once; each revocation is written to
     * the database, then to memory. Only correct while this object is the only writer of the list: use
     * it instead of {@link #grantRevocations()}, not beside it, and open no second {@code JdbcStores} on
     * the same database in this process.
     *
     * <p>Bounded: beyond {@code maxEntries} revoked grants in force (grants revoked within the access
     * tokens' lifetime), it gives the memory copy up and reads the database on each lookup, as {@link
     * #grantRevocations()} does. An entry takes about 200 bytes.
     *
     * @param maxEntries the most entries kept in memory
     * @return the same store on every call
     * @throws IllegalStateException if the database is PostgreSQL or an H2 server that other processes
     *     may write
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.1">RFC 7009 section 2.1</a>
     */
    public synchronized GrantRevocationStore exclusiveGrantRevocations(int maxEntries) {
        if (mirroredRevocations == null) {
            String url = db.run(
                    "Read the database URL",
                    connection -> connection.getMetaData().getURL());
            if (!isEmbeddedH2(url)) {
                throw new IllegalStateException("An in-memory revocation list needs an embedded H2 database that"
                        + " this process alone writes; other nodes or processes may write this one");
            }
            mirroredRevocations = new MirroredGrantRevocationStore(grantRevocations, clock, maxEntries);
        }
        return mirroredRevocations;
    }

    /** Whether a JDBC URL names an H2 database that H2 keeps to this process (not a server or auto-server). */
    static boolean isEmbeddedH2(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:h2:")
                && !lower.startsWith("jdbc:h2:tcp:")
                && !lower.startsWith("jdbc:h2:ssl:")
                && !lower.replace(" ", "").contains("auto_server=true");
    }

    /**
     * Deletes expired rows, at most {@code batchSize} per statement, each batch its own short transaction,
     * until none is left. Device authorizations are kept {@link DeviceCodeStore#EXPIRED_RETENTION} past
     * their expiry; clients and consents do not expire.
     *
     * @return the number of rows deleted
     */
    public int purgeExpired(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("A batch size must be positive");
        }
        Instant now = clock.instant();
        int total = 0;
        for (Purged purged : PURGED) {
            Instant before =
                    purged.table().equals("device_authorizations") ? now.minus(DeviceCodeStore.EXPIRED_RETENTION) : now;
            int deleted;
            do {
                deleted = purgeBatch(purged, before, batchSize);
                total += deleted;
            } while (deleted == batchSize);
        }
        return total;
    }

    private int purgeBatch(Purged purged, Instant before, int batchSize) {
        String sql = "DELETE FROM " + purged.table() + " WHERE " + purged.key() + " IN (SELECT " + purged.key()
                + " FROM " + purged.table() + " WHERE expires_at <= ? LIMIT ?)";
        return db.run("Purge " + purged.table(), connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                Columns.setInstant(delete, 1, before);
                delete.setInt(2, batchSize);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public String toString() {
        return "JdbcStores[" + db.dialect() + "]";
    }
}
