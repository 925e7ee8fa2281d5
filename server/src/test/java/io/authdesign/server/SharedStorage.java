package io.authdesign.server;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The storage several reference-server nodes share in the scale-out and fault tests: a fresh schema
 * ({@code t_<random>}, dropped by {@link #close()}) on the machine's PostgreSQL, and one key-encryption
 * key. Redis needs no isolation: every key the server writes there derives from a random value.
 *
 * @param schema the schema's name
 * @param keyEncryptionKey base64 of the 32-byte key every node is given
 */
record SharedStorage(String schema, String keyEncryptionKey) implements AutoCloseable {

    static final String POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String POSTGRESQL_USER = "postgres";
    static final String REDIS = "redis://127.0.0.1:6379";

    private static final SecureRandom RANDOM = new SecureRandom();

    static SharedStorage create() {
        String schema = "t_" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
        sql("CREATE SCHEMA " + schema);
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new SharedStorage(schema, Base64.getEncoder().encodeToString(key));
    }

    /** The JDBC URL of the schema, on the given host and port (a proxy's, in the fault test). */
    String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/test?currentSchema=" + schema;
    }

    /**
     * The {@code storage} and {@code keyEncryptionKey} lines of a node's configuration, with the database
     * on {@code port} and, if {@code redis} is not null, the {@code redis} line.
     */
    String yaml(int port, String redis) {
        return "storage: {type: postgresql, url: \"" + url(port) + "\", username: " + POSTGRESQL_USER
                + ", poolSize: 8}\n"
                + "keyEncryptionKey: " + keyEncryptionKey + "\n"
                + (redis == null ? "" : "redis: " + redis + "\n");
    }

    /** As {@link #yaml(int, String)} on the machine's PostgreSQL. */
    String yaml(boolean withRedis) {
        return yaml(5432, withRedis ? REDIS : null);
    }

    /** Runs a statement as the administrator, outside the schema unless it names it. */
    static void sql(String sql) {
        try (Connection connection = DriverManager.getConnection(POSTGRESQL_URL, POSTGRESQL_USER, null);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** A connection to the shared schema, for tests that read the rows the nodes wrote. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(5432), POSTGRESQL_USER, null);
    }

    @Override
    public void close() {
        sql("DROP SCHEMA " + schema + " CASCADE");
    }
}
