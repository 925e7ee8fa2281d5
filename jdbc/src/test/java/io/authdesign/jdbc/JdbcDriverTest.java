package io.authdesign.jdbc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** authdesign-jdbc brings no JDBC driver: a missing one is named, with the artifact to add. */
class JdbcDriverTest {

    @Test
    void driverWhenMissingThenErrorNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> JdbcDataSources.requireDriver(
                        "jdbc:nosuchdb://127.0.0.1/test?password=secret", "jdbc:nosuchdb:", "com.example:nosuchdb"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No JDBC driver for jdbc:nosuchdb: URLs: add com.example:nosuchdb to the application's"
                        + " dependencies (authdesign-jdbc brings no driver)");
    }

    @Test
    void driverWhenOnTheClassPathThenAccepted() {
        assertThatCode(() -> JdbcDataSources.requireDriver(
                        "jdbc:postgresql://127.0.0.1:5432/test", "jdbc:postgresql:", "org.postgresql:postgresql"))
                .doesNotThrowAnyException();
        assertThatCode(() -> JdbcDataSources.requireDriver(
                        JdbcDataSources.h2Url(Path.of("target/driver-test")), "jdbc:h2:", "com.h2database:h2"))
                .doesNotThrowAnyException();
    }
}
