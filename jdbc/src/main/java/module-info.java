/**
 * The store SPIs on PostgreSQL and on an embedded H2 database, through JDBC with a HikariCP pool and
 * Flyway migrations.
 */
module io.authdesign.jdbc {
    requires transitive io.authdesign.core;
    requires transitive java.sql;
    requires transitive com.zaxxer.hikari;
    requires flyway.core;

    exports io.authdesign.jdbc;
}
