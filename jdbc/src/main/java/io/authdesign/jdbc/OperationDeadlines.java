package io.authdesign.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a store operation on PostgreSQL that runs past its deadline by aborting its connection
 * ({@link Connection#abort}): the driver closes the socket, the operation's blocked read fails, the store
 * answers {@link io.authdesign.StoreUnavailableException} (503 at the endpoints) and the pool drops the
 * connection. A network that silently drops packets, or a database that stops answering, so holds a request
 * for about the deadline instead of for ever.
 *
 * <p>One daemon thread, started with the first operation, looks at the operations in flight twice a second.
 * The driver's own read timeout ({@code socketTimeout}) would do the same per read, but on a virtual thread
 * every read that waits is then a timed park, which schedules and cancels a timer on the scheduler's delay
 * thread for each database round trip: a refresh-token rotation on PostgreSQL cost the server a fifth more
 * CPU with it (docs/PERFORMANCE.md). Here an operation costs one map insertion and one removal.
 */
final class OperationDeadlines {

    /** How long one store operation may run on PostgreSQL; the stores read and write single rows by key. */
    static final Duration DEFAULT = Duration.ofSeconds(10);

    private static final Logger logger = LoggerFactory.getLogger(OperationDeadlines.class);

    private static final long SCAN_MILLIS = 500;

    /** The connections of operations in flight, with their deadline ({@link System#nanoTime()}). */
    private static final Map<Connection, Long> RUNNING = new ConcurrentHashMap<>();

    private static volatile boolean started;

    private OperationDeadlines() {}

    /** Watches an operation that starts now on {@code connection}; {@link #done} ends the watch. */
    static void watch(Connection connection, Duration deadline) {
        if (!started) {
            start();
        }
        RUNNING.put(connection, System.nanoTime() + deadline.toNanos());
    }

    /** The operation on {@code connection} has ended (or failed) and its connection is back in the pool. */
    static void done(Connection connection) {
        RUNNING.remove(connection);
    }

    /** How many operations are watched now. */
    static int inFlight() {
        return RUNNING.size();
    }

    private static synchronized void start() {
        if (started) {
            return;
        }
        Thread.ofPlatform().daemon().name("authdesign-jdbc-deadlines").start(OperationDeadlines::scanForever);
        started = true;
    }

    private static void scanForever() {
        while (true) {
            try {
                Thread.sleep(SCAN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            abortOverdue(System.nanoTime());
        }
    }

    /** Aborts the connection of every operation whose deadline is before {@code now}. */
    private static void abortOverdue(long now) {
        for (Map.Entry<Connection, Long> running : RUNNING.entrySet()) {
            Long deadline = running.getValue();
            // removed first, so each overdue operation is aborted once. Db ends a watch only after the
            // connection is back in the pool, so an operation that ends at this very moment is reached
            // through its closed proxy, which does not pass the abort on: a connection lent again is never aborted
            if (now - deadline > 0 && RUNNING.remove(running.getKey(), deadline)) {
                abort(running.getKey());
            }
        }
    }

    private static void abort(Connection connection) {
        try {
            connection.abort(Runnable::run);
            logger.warn("A PostgreSQL store operation ran past its deadline; its connection was aborted");
        } catch (SQLException | RuntimeException e) {
            // already closed (the operation ended as its deadline passed): nothing is left to end
            logger.debug("An overdue connection could not be aborted", e);
        }
    }
}
