package io.enrolgate.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.testfixtures.PostgresProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatabaseTest {
    private static PostgresProcess postgres;
    private static int databases;

    @TempDir
    static Path directory;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresProcess.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of(DatabaseKind.H2, DatabaseConfig.h2InMemory("common_test_" + (++databases))),
                Arguments.of(DatabaseKind.H2, DatabaseConfig.h2File(directory.resolve("sub/db" + (++databases)))),
                Arguments.of(DatabaseKind.POSTGRESQL, DatabaseConfig.of(
                        postgres.createDatabase("common_test_" + (++databases)), postgres.user(), postgres.password())));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("configs")
    void migratesOnOpenAndOnlyOnce(DatabaseKind kind, DatabaseConfig config) throws SQLException {
        try (Database database = Database.open(config, "db/common-test")) {
            assertThat(database.kind()).isEqualTo(kind);
            assertThat(database.isReachable()).isTrue();
            insertNote(database, 1, "first");
        }
        if (config.jdbcUrl().contains(":mem:")) {
            return; // an in-memory database ends with its pool
        }
        // Reopening finds the schema current and the data still there.
        try (Database database = Database.open(config, "db/common-test")) {
            try (Connection connection = database.dataSource().getConnection();
                    ResultSet result = connection.createStatement().executeQuery("SELECT content FROM note")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo("first");
            }
        }
    }

    @Test
    void aMigrationThatFailsIsReportedWithTheDatabaseAndTheScripts() {
        DatabaseConfig config = DatabaseConfig.of(postgres.createDatabase("broken_" + (++databases)),
                postgres.user(), postgres.password());
        assertThatThrownBy(() -> Database.open(config, "db/broken-test"))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("cannot migrate POSTGRESQL database")
                .hasMessageContaining("classpath:db/broken-test");
    }

    @Test
    void aMissingMigrationFolderIsAnErrorNotAnEmptySchema() {
        assertThatThrownBy(() -> Database.open(DatabaseConfig.h2InMemory("missing"), "db/no-such-folder"))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("db/no-such-folder");
    }

    @Test
    void aWrongPasswordIsReportedWithoutThePassword() {
        DatabaseConfig config = DatabaseConfig.of(postgres.jdbcUrl(), postgres.user(), "not-the-password-42");
        assertThatThrownBy(() -> Database.open(config, "db/common-test"))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("cannot connect to POSTGRESQL database " + postgres.jdbcUrl() + " as user postgres")
                .hasMessageNotContaining("not-the-password-42");
    }

    @Test
    void unsupportedUrlsAreRefusedWithTheAcceptedForms() {
        assertThatThrownBy(() -> DatabaseConfig.of("jdbc:mysql://db/x?password=hunter2", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected jdbc:h2:file:PATH")
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseConfig.of(" ", "u", "p")).hasMessageContaining("database URL is missing");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(DatabaseConfig.of("jdbc:postgresql://db/x", "registry", "s3cret").toString())
                .contains("jdbc:postgresql://db/x", "registry", "password=***")
                .doesNotContain("s3cret");
    }

    private static void insertNote(Database database, int id, String content) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO note (id, content) VALUES (?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, content);
            insert.executeUpdate();
        }
    }
}
