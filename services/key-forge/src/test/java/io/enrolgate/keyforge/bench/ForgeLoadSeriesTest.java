package io.enrolgate.keyforge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.testfixtures.MosquittoProcess;
import io.enrolgate.testfixtures.PostgresProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A short series: fresh databases per run, the ramp, the medians. Figures are reported, never asserted. */
class ForgeLoadSeriesTest {

    @Test
    void runsEachRateOnFreshDatabasesAndFindsTheHighestRateSustained() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.builder().start()) {
            ForgeLoadGenerator generator = new ForgeLoadGenerator(broker.serverUri(), BenchDatabases.h2Files(), 20,
                    Duration.ofSeconds(30));
            // Lenient criteria, so that a busy machine sustains these small rates.
            ForgeLoadSeries series = new ForgeLoadSeries(20, Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 2, 20, 40,
                    new ForgeLoadSeries.Criteria(0.5, 30_000));
            List<String> lines = new ArrayList<>();

            ForgeLoadSeries.Result result = series.run(generator, lines::add);

            lines.forEach(System.out::println);
            // A warm-up, two runs at 20/s, the ramp to 40/s (the ceiling), then the second run at 40/s: each run
            // registered its devices in a database of its own (a reused one would refuse them).
            assertThat(lines).hasSize(5);
            assertThat(lines.get(0)).startsWith("[warm-up, not counted]");
            assertThat(result.base().reports()).hasSize(2).allSatisfy(r -> assertThat(r.unanswered()).isZero());
            assertThat(result.highestSustained()).hasValue(40);
            assertThat(result.highest().reports()).hasSize(2);
            assertThat(result.highest().answered()).isEqualTo(80);
            assertThat(result.highest().describe("highest")).startsWith("MEDIAN highest 40/s runs=2 enrolments/s=")
                    .contains("answered=80/80");
        }
    }

    @Test
    void aPostgresqlServerGivesEachRunADatabaseOfItsOwnAndDropsIt() throws Exception {
        try (PostgresProcess postgres = PostgresProcess.start()) {
            BenchDatabases databases = BenchDatabases.postgresServer(postgres.jdbcUrl(), postgres.user(),
                    postgres.password());
            String first;
            try (BenchDatabases.Fresh one = databases.next(); BenchDatabases.Fresh two = databases.next()) {
                first = one.config().jdbcUrl();
                assertThat(first).isNotEqualTo(two.config().jdbcUrl()).startsWith(postgres.jdbcUrl("enrolgate_bench_"));
                try (Connection connection = DriverManager.getConnection(first, postgres.user(), postgres.password())) {
                    assertThat(connection.isValid(5)).isTrue();
                }
            }
            try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                    ResultSet rows = admin.createStatement().executeQuery(
                            "SELECT count(*) FROM pg_database WHERE datname LIKE 'enrolgate_bench_%'")) {
                rows.next();
                assertThat(rows.getInt(1)).as("dropped after their runs").isZero();
            }
        }
    }
}
