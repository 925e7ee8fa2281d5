package io.authdesign.jdbc;

import io.authdesign.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Runs store operations on pooled connections: one statement in auto-commit, or several in one
 * transaction that is rolled back on any failure, so a failed operation leaves nothing half-written.
 * {@link SQLException}s become {@link StoreUnavailableException}, except a unique-key violation, which
 * is the caller's {@link IllegalArgumentException} ("already stored"). On PostgreSQL an operation that runs
 * past its deadline (10 s) has its connection aborted ({@link OperationDeadlines}) and fails the same way.
 */
final class Db {

    /** SQLSTATE of a unique-key violation, the same in PostgreSQL and H2. */
    static final String UNIQUE_VIOLATION = "23505";

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;

    /** How long one operation may run on PostgreSQL ({@link OperationDeadlines}); H2 runs in-process. */
    private final Duration deadline;

    Db(DataSource dataSource, Dialect dialect) {
        this(dataSource, dialect, OperationDeadlines.DEFAULT);
    }

    Db(DataSource dataSource, Dialect dialect, Duration deadline) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.deadline = deadline;
    }

    Dialect dialect() {
        return dialect;
    }

    /** Runs {@code work} in auto-commit mode: each statement is its own transaction. */
    <T> T run(String operation, Work<T> work) {
        try {
            Connection connection = dataSource.getConnection();
            watch(connection);
            // the watch ends after the connection is back in the pool: an abort then meets a closed proxy
            try (connection) {
                return work.apply(connection);
            } finally {
                done(connection);
            }
        } catch (SQLException e) {
            throw translate(operation, e);
        }
    }

    /**
     * Runs {@code work} in one READ COMMITTED transaction, committed if it returns, rolled back if not. The
     * pool restores auto-commit when the connection is returned.
     */
    <T> T inTransaction(String operation, Work<T> work) {
        return run(operation, connection -> {
            try {
                connection.setAutoCommit(false);
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        });
    }

    private void watch(Connection connection) {
        if (dialect == Dialect.POSTGRESQL) {
            OperationDeadlines.watch(connection, deadline);
        }
    }

    private void done(Connection connection) {
        if (dialect == Dialect.POSTGRESQL) {
            OperationDeadlines.done(connection);
        }
    }

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    private static RuntimeException translate(String operation, SQLException e) {
        if (isUniqueViolation(e)) {
            return new IllegalArgumentException(operation + ": already stored", e);
        }
        return new StoreUnavailableException(operation + " failed (SQLSTATE " + e.getSQLState() + ")", e);
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            failure.addSuppressed(rollback);
        }
    }
}
