package io.authdesign.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * Connection pools (HikariCP) for the two supported databases, tuned to fail fast: a request waits at
 * most {@link #CONNECTION_TIMEOUT} for a connection, and a pool that cannot connect at start throws, so an
 * unreachable database is a clear start-up error rather than a hang. Close the pool at shutdown.
 *
 * <p>{@code authdesign-jdbc} brings no JDBC driver: the application adds the one it uses,
 * {@code org.postgresql:postgresql} for {@link #postgresql} or {@code com.h2database:h2} for
 * {@link #h2File}; without it these methods say which one is missing.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1">RFC 6749 section 4.1.2.1
 *     ({@code temporarily_unavailable})</a>
 */
public final class JdbcDataSources {

    /** How long a request waits for a pooled connection before the store reports itself unavailable. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    /** The H2 settings the stores need: PostgreSQL mode, lower-case names, a lock wait above the pool's. */
    public static final String H2_SETTINGS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" + ";LOCK_TIMEOUT=10000";

    /**
     * The page cache of an H2 file database in KB ({@code CACHE_SIZE}): 2 MB instead of H2's 16 MB. The stores
     * read and write single rows through indexes, so a larger cache saves little, while its pages stay on the heap
     * and, under the refresh-token rotation, fill a small heap (the reference server's 28 MB) with a full
     * collection every few seconds. {@code SET CACHE_SIZE} changes it on an open database (H2 refuses a setting
     * given twice in one URL, so appending it to an {@link #h2Url} fails).
     */
    public static final int H2_CACHE_SIZE_KB = 2048;

    /**
     * The size in bytes at which an H2 file database splits a B-tree page ({@code PAGE_SIZE}): 2 KB instead of
     * H2's 16 KB. H2's MVStore never writes a page in place: each change copies the changed leaf and its path
     * to the root, and writes the copies in the next chunk of the file, which it writes as soon as the copies
     * made since the last one reach a share of the heap (1 MB on the reference server's). With smaller pages
     * each change copies less, so a chunk holds more changes and the file grows less: sustained refresh-token
     * rotations wrote 0.7 KB per rotation against 2.9 KB with 16 KB pages, at the same rate (docs/PERFORMANCE.md,
     * "The file storage's disk under sustained rotations"), and the heap the copies take stays small enough that
     * H2's background writer does not run out of the reference server's 28 MB heap, which with 16 KB pages it did
     * after a minute of them. The price is space: H2 sizes pages by their estimated heap size, a token row's is
     * over 2 KB, so each row gets a leaf of its own, 406 bytes a row on disk against 228. Read only when the
     * database opens, not stored in the file, so an existing file takes it at its next open.
     */
    public static final int H2_PAGE_SIZE = 2048;

    /**
     * The share of live data below which H2's background writer rewrites an H2 file database's chunks, in percent
     * ({@code AUTO_COMPACT_FILL_RATE}): 50 instead of H2's 90. H2 counts its store idle whenever it made fewer than
     * ten file reads and writes since its last pass, which is the case under a load of client-credentials tokens
     * or protected requests, and at 90 it then rewrote and moved chunks for about a minute after every burst of
     * refresh-token rotations: the pages it read and rewrote outlived the young generation of the reference
     * server's 28 MB heap, and its old generation filled every second and a half (16 full collections of 29-48 ms
     * in 25 s), which put the token endpoint's 99th percentile at 37-44 ms instead of 3.5-4.6 ms
     * (docs/PERFORMANCE.md, "The token's tail after rotations"). Rotations leave the file's chunks about 63 % live,
     * so at 50 that compaction does not start. The file's size under sustained rotations measured the same at 0,
     * 50 and 90. Another rate (0 turns the background compaction off) needs a URL of its own, built like {@link
     * #h2Url} with another value: H2 refuses a setting given twice in one URL.
     */
    public static final int H2_AUTO_COMPACT_FILL_RATE = 50;

    /**
     * The connections an embedded H2 pool keeps open when idle. A connection to an embedded database is a
     * session inside this process, opened in well under a millisecond once the file is open, so the pool opens
     * more only when requests need them, up to its maximum; a pool kept full (the default, and right for a
     * database server) would open all of them in the background during the start, where they compete with it
     * for the processor.
     */
    public static final int H2_MINIMUM_IDLE = 1;

    private JdbcDataSources() {}

    /**
     * A pool on PostgreSQL. A connection attempt gives up after 3 s ({@code connectTimeout}) unless the URL
     * sets it. The driver's read timeout ({@code socketTimeout}) is left off: the stores end a PostgreSQL
     * operation that runs past 10 s themselves, by aborting its connection, which costs less than a timed
     * wait on every read of a virtual thread; a {@code socketTimeout} in the URL still applies.
     *
     * @param url a {@code jdbc:postgresql://} URL
     * @param username the user
     * @param password the password, or {@code null} (trust authentication)
     * @param poolSize the maximum number of connections
     * @return the pool
     * @throws IllegalStateException when the PostgreSQL driver is not on the class path
     */
    public static HikariDataSource postgresql(String url, String username, String password, int poolSize) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("A PostgreSQL URL starts with jdbc:postgresql:, not " + url);
        }
        requireDriver(url, "jdbc:postgresql:", "org.postgresql:postgresql");
        HikariDataSource pool = unstarted("authdesign-postgresql", poolSize);
        pool.setJdbcUrl(url);
        pool.setUsername(username);
        pool.setPassword(password);
        // a network that silently drops packets must not hang a request: the stores abort an operation's
        // connection after 10 s (OperationDeadlines), and a connection attempt gives up after 3 s; a
        // connectTimeout or socketTimeout in the URL takes precedence
        pool.addDataSourceProperty("connectTimeout", "3");
        return started(pool);
    }

    /**
     * A pool on an embedded H2 database file, created if absent: storage that needs no server, for one
     * process at a time. When H2 closes the database because its store failed (an {@code OutOfMemoryError} or
     * an I/O error in its background writer), the pool drops each connection as it reports the closed
     * database, so the requests of that moment fail with {@code temporarily_unavailable} and the next
     * connection opens the file again, with what was committed; without that, connections kept busy are never
     * validated and the storage would stay closed until a restart.
     *
     * @param file the database file without H2's {@code .mv.db} suffix
     * @param poolSize the maximum number of connections
     * @return the pool
     * @throws IllegalStateException when the H2 driver is not on the class path
     */
    public static HikariDataSource h2File(Path file, int poolSize) {
        String url = h2Url(file);
        requireDriver(url, "jdbc:h2:", "com.h2database:h2");
        HikariDataSource pool = unstarted("authdesign-h2", poolSize);
        pool.setJdbcUrl(url);
        pool.setUsername("sa");
        pool.setPassword("");
        pool.setMinimumIdle(Math.min(poolSize, H2_MINIMUM_IDLE));
        pool.setExceptionOverride(new H2ClosedDatabaseEviction());
        return started(pool);
    }

    /**
     * The JDBC URL of an H2 file database with {@link #H2_SETTINGS}, a cache of {@link #H2_CACHE_SIZE_KB}, pages of
     * {@link #H2_PAGE_SIZE} and background compaction below {@link #H2_AUTO_COMPACT_FILL_RATE}.
     */
    public static String h2Url(Path file) {
        Objects.requireNonNull(file, "file");
        return "jdbc:h2:file:" + file.toAbsolutePath() + H2_SETTINGS + ";CACHE_SIZE=" + H2_CACHE_SIZE_KB + ";PAGE_SIZE="
                + H2_PAGE_SIZE + ";AUTO_COMPACT_FILL_RATE=" + H2_AUTO_COMPACT_FILL_RATE;
    }

    /**
     * Drops a connection whose H2 database was closed under it ({@code DATABASE_IS_CLOSED} 90098, {@code
     * DATABASE_CALLED_AT_SHUTDOWN} 90121), whatever the pool would decide from the SQL state alone.
     */
    private static final class H2ClosedDatabaseEviction implements SQLExceptionOverride {
        @java.lang.Override
        public SQLExceptionOverride.Override adjudicate(SQLException e) {
            int code = e.getErrorCode();
            return code == 90098 || code == 90121
                    ? SQLExceptionOverride.Override.MUST_EVICT
                    : SQLExceptionOverride.Override.CONTINUE_EVICT;
        }
    }

    /** Fails with the artifact to add when no driver on the class path accepts the URL. */
    static void requireDriver(String url, String scheme, String artifact) {
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new IllegalStateException("No JDBC driver for " + scheme + " URLs: add " + artifact
                    + " to the application's dependencies (authdesign-jdbc brings no driver)");
        }
    }

    /**
     * An unstarted pool, configured by its own setters: a pool made from a separate
     * {@code com.zaxxer.hikari.HikariConfig} copies each of its fields by reflection, which costs a start-up
     * 10-15 ms run interpreted.
     */
    private static HikariDataSource unstarted(String name, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("A pool needs at least one connection");
        }
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName(name);
        pool.setMaximumPoolSize(poolSize);
        pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        pool.setValidationTimeout(Duration.ofSeconds(1).toMillis());
        pool.setInitializationFailTimeout(1);
        return pool;
    }

    /**
     * Starts the pool with its first connection, so that an unreachable database fails here, as a pool
     * made from a {@code com.zaxxer.hikari.HikariConfig} fails in its constructor.
     *
     * @throws com.zaxxer.hikari.pool.HikariPool.PoolInitializationException when the first connection fails
     */
    private static HikariDataSource started(HikariDataSource pool) {
        try {
            pool.getConnection().close();
            return pool;
        } catch (SQLException e) {
            pool.close();
            throw new IllegalStateException(
                    "The pool " + pool.getPoolName() + " could not start: " + e.getMessage(), e);
        }
    }
}
