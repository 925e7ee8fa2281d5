package io.authdesign.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A database for one test class: a fresh PostgreSQL schema ({@code t_<random>}, dropped at the end) on
 * the machine's server, or an H2 file in a temporary folder. The stores are created once per class on a
 * clock that forwards to the running test's clock; {@link #reset} empties the tables between tests.
 */
final class TestDatabase {

    static final String POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String POSTGRESQL_USER = "postgres";
    static final SecureRandom RANDOM = new SecureRandom();
    static final KeyEncryptionKey KEK = KeyEncryptionKey.generate(RANDOM);

    private static final List<String> TABLES = List.of(
            "client_secrets",
            "clients",
            "authorization_codes",
            "refresh_tokens",
            "refresh_families",
            "device_authorizations",
            "consents",
            "sessions",
            "signing_keys",
            "replay_entries",
            "pushed_requests",
            "attempts",
            "revoked_grants");

    /** A clock whose time is the running test's clock. */
    static final class ForwardingClock extends Clock {
        private volatile Clock target = Clock.systemUTC();

        @Override
        public Instant instant() {
            return target.instant();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    final HikariDataSource dataSource;
    final ForwardingClock clock = new ForwardingClock();
    final JdbcStores stores;
    /** What to remove after the class. */
    @FunctionalInterface
    interface Cleanup {
        void run() throws IOException;
    }

    private final Cleanup cleanup;

    private TestDatabase(HikariDataSource dataSource, Cleanup cleanup) {
        this.dataSource = dataSource;
        this.cleanup = cleanup;
        this.stores = JdbcStores.create(dataSource, clock, new JdbcStoreOptions(KEK, RANDOM));
    }

    /** Every non-null value of every column of every row of the table, as text. */
    java.util.List<String> everythingIn(String table) {
        java.util.List<String> texts = new java.util.ArrayList<>();
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    Object value = rows.getObject(column);
                    if (value != null) {
                        texts.add(String.valueOf(value));
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return texts;
    }

    static String newSchema() {
        return "t_" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
    }

    static void adminSql(String sql) {
        try (Connection connection = DriverManager.getConnection(POSTGRESQL_URL, POSTGRESQL_USER, null);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static HikariDataSource postgresqlPool(String schema) {
        return JdbcDataSources.postgresql(POSTGRESQL_URL + "?currentSchema=" + schema, POSTGRESQL_USER, null, 20);
    }

    static TestDatabase postgresql() {
        String schema = newSchema();
        adminSql("CREATE SCHEMA " + schema);
        return new TestDatabase(postgresqlPool(schema), () -> adminSql("DROP SCHEMA " + schema + " CASCADE"));
    }

    static TestDatabase h2() {
        try {
            Path folder = Files.createTempDirectory("authdesign-h2");
            return new TestDatabase(JdbcDataSources.h2File(folder.resolve("stores"), 20), () -> deleteTree(folder));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path :
                    paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Empties every table, forgets the last rotation and points the stores' clock at {@code testClock}. */
    JdbcStores reset(Clock testClock) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.execute("DELETE FROM " + table);
            }
            statement.execute("UPDATE key_rotation SET last_rotated_at = NULL");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        clock.target = testClock;
        return stores;
    }

    void close() throws IOException {
        dataSource.close();
        cleanup.run();
    }
}
