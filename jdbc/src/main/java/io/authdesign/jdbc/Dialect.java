package io.authdesign.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The few statements PostgreSQL and H2 (in PostgreSQL mode) spell differently. Everything else, the
 * migrations included, is the same SQL.
 */
enum Dialect {
    /** PostgreSQL: {@code RETURNING} and {@code ON CONFLICT (key) DO UPDATE}. */
    POSTGRESQL {
        @Override
        String returning(String update, String columns) {
            return update + " RETURNING " + columns;
        }
    },
    /** H2: a data-change delta table, {@code SELECT ... FROM FINAL TABLE (UPDATE ...)}, one statement too. */
    H2 {
        @Override
        String returning(String update, String columns) {
            return "SELECT " + columns + " FROM FINAL TABLE (" + update + ")";
        }
    };

    /** A single statement that runs {@code update} and yields {@code columns} of the rows it changed. */
    abstract String returning(String update, String columns);

    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (product.contains("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("Unsupported database for the AuthDesign JDBC stores: " + product
                + " (PostgreSQL or H2 in PostgreSQL mode)");
    }
}
