package io.authdesign.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.authdesign.StoreUnavailableException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL operation that outlives its deadline has its connection aborted ({@link OperationDeadlines}): the
 * operation fails as the store being unavailable, the database stops running it, and the pool goes on with
 * other connections. The pools of {@link JdbcDataSources#postgresql} set no driver read timeout any more, so
 * this is what keeps a silent network or a stuck database from holding a request.
 */
class PostgresqlOperationDeadlineTest {

    /** PostgreSQL 14+: the backend checks for a lost client while it sleeps, so the aborted work ends too. */
    private static final String STOP_WITH_CLIENT = "SET client_connection_check_interval = 100";

    private static String schema;
    private static HikariDataSource pool;

    @BeforeAll
    static void open() {
        schema = TestDatabase.newSchema();
        TestDatabase.adminSql("CREATE SCHEMA " + schema);
        pool = TestDatabase.postgresqlPool(schema);
    }

    @AfterAll
    static void close() {
        pool.close();
        TestDatabase.adminSql("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void poolsOfJdbcDataSourcesHaveNoDriverReadTimeout() throws Exception {
        try (Connection connection = pool.getConnection()) {
            assertThat(connection.getNetworkTimeout()).isZero();
        }
    }

    @Test
    void anOperationPastItsDeadlineIsAbortedAndFailsAsUnavailable() throws Exception {
        Db db = new Db(pool, Dialect.POSTGRESQL, Duration.ofMillis(700));
        long start = System.nanoTime();

        assertThatThrownBy(() -> db.run("Sleep", connection -> {
                    try (Statement sleep = connection.createStatement()) {
                        sleep.execute(STOP_WITH_CLIENT);
                        sleep.executeQuery("SELECT pg_sleep(4)");
                    }
                    return null;
                }))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("Sleep failed (SQLSTATE 08");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // the deadline plus at most one scan of the watcher, before the statement's 4 s
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofSeconds(3));
        // and the pool serves the next operation on a live connection
        int answer = db.run("Select", PostgresqlOperationDeadlineTest::one);
        assertThat(answer).isEqualTo(1);
    }

    @Test
    void anOperationWithinItsDeadlineIsNotTouched() {
        Db db = new Db(pool, Dialect.POSTGRESQL, Duration.ofSeconds(10));

        int plain = db.run("Select", PostgresqlOperationDeadlineTest::one);
        int inTransaction = db.inTransaction("Select", PostgresqlOperationDeadlineTest::one);
        assertThat(plain).isEqualTo(1);
        assertThat(inTransaction).isEqualTo(1);
        // both ended: nothing is left for the watcher
        assertThat(OperationDeadlines.inFlight()).isZero();
    }

    @Test
    void theWatchEndsOnlyOnceTheConnectionIsBackInThePool() {
        // an abort that races with the end of an operation must meet the closed proxy, never a connection the
        // pool has lent again: so the operation is still watched while its connection is being closed
        List<Integer> watchedAtClose = new ArrayList<>();
        DataSource recording = recordingCloses(pool, watchedAtClose);
        Db db = new Db(recording, Dialect.POSTGRESQL, Duration.ofSeconds(10));

        db.run("Select", PostgresqlOperationDeadlineTest::one);
        db.inTransaction("Select", PostgresqlOperationDeadlineTest::one);

        assertThat(watchedAtClose).containsExactly(1, 1);
        assertThat(OperationDeadlines.inFlight()).isZero();
    }

    @Test
    void aTransactionPastItsDeadlineIsRolledBack() throws Exception {
        try (Connection setup = pool.getConnection();
                Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE deadline_rows (id INT PRIMARY KEY)");
        }
        Db db = new Db(pool, Dialect.POSTGRESQL, Duration.ofMillis(700));

        assertThatThrownBy(() -> db.inTransaction("Insert then sleep", connection -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(STOP_WITH_CLIENT);
                        statement.execute("INSERT INTO deadline_rows VALUES (1)");
                        statement.execute("SELECT pg_sleep(4)");
                    }
                    return null;
                }))
                .isInstanceOf(StoreUnavailableException.class);

        // the half-done transaction was never committed
        int rows = db.run("Count", connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet counted = statement.executeQuery("SELECT count(*) FROM deadline_rows")) {
                counted.next();
                return counted.getInt(1);
            }
        });
        assertThat(rows).isZero();
    }

    /** {@code pool}, with each connection's {@code close} first noting how many operations are watched. */
    private static DataSource recordingCloses(DataSource pool, List<Integer> watchedAtClose) {
        InvocationHandler sources = (proxy, method, args) -> {
            Object result = invoke(pool, method, args);
            if (!method.getName().equals("getConnection")) {
                return result;
            }
            Connection connection = (Connection) result;
            InvocationHandler connections = (connectionProxy, connectionMethod, connectionArgs) -> {
                if (connectionMethod.getName().equals("close")) {
                    watchedAtClose.add(OperationDeadlines.inFlight());
                }
                return invoke(connection, connectionMethod, connectionArgs);
            };
            return Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, connections);
        };
        return (DataSource)
                Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, sources);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static int one(Connection connection) throws java.sql.SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
