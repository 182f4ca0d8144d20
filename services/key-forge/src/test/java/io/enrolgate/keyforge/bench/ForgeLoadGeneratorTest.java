package io.enrolgate.keyforge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.testfixtures.MosquittoProcess;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A short load run: every request is answered with a key; the figures are reported, never asserted. */
class ForgeLoadGeneratorTest {

    @Test
    void drivesTwoReplicasAndAccountsForEveryRequest() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.builder().start()) {
            DatabaseConfig database = DatabaseConfig.h2InMemory("bench_" + UUID.randomUUID().toString().replace("-", ""));
            ForgeLoadGenerator generator = new ForgeLoadGenerator(broker.serverUri(), database, 50, Duration.ofSeconds(30));

            LoadReport report = generator.run(100, Duration.ofSeconds(2), 2);

            System.out.println(report.describe());
            assertThat(report.sent()).isEqualTo(200);
            assertThat(report.answered()).isEqualTo(200);
            assertThat(report.issued()).isEqualTo(200);
            assertThat(report.unanswered()).isZero();
            assertThat(report.p50Millis()).isPositive().isLessThanOrEqualTo(report.p99Millis());
        }
    }
}
