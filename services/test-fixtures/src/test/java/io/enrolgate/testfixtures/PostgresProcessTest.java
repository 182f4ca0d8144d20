package io.enrolgate.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresProcessTest {

    @Test
    void startsARealServerThatAcceptsThePasswordAndStopsItCleanly() throws SQLException {
        Path dataDirectory;
        String url;
        try (PostgresProcess pg = PostgresProcess.start()) {
            url = pg.createDatabase("fixture_check");
            dataDirectory = pg.dataDirectory();
            try (Connection connection = DriverManager.getConnection(url, pg.user(), pg.password());
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT current_database(), version()")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo("fixture_check");
                assertThat(result.getString(2)).startsWith("PostgreSQL");
            }
            assertThat(dataDirectory.resolve("PG_VERSION")).exists();
            // The password is checked: a wrong one is refused.
            assertThatThrownBy(() -> DriverManager.getConnection(url, pg.user(), "wrong"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(dataDirectory).doesNotExist();
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "x"))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void twoServersRunSideBySideOnDifferentPorts() {
        try (PostgresProcess first = PostgresProcess.start(); PostgresProcess second = PostgresProcess.start()) {
            assertThat(first.port()).isNotEqualTo(second.port());
            assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
        }
    }

    @Test
    void refusesAnInvalidDatabaseNameBeforeRunningAnything() {
        try (PostgresProcess pg = PostgresProcess.start()) {
            assertThatThrownBy(() -> pg.createDatabase("x; DROP"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected lower-case letters");
        }
    }

    @Test
    void namesThePackageToInstallWhenTheBinariesAreMissing(@TempDir Path empty) throws Exception {
        Files.createDirectories(empty);
        assertThatThrownBy(() -> PostgresBinaries.locate(Optional.of(empty)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'initdb' is not in " + empty)
                .hasMessageContaining("apt-get install postgresql");
    }
}
