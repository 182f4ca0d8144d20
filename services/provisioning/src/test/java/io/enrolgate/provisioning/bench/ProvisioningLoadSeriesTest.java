package io.enrolgate.provisioning.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.provisioning.onem2m.CseNodeRegistrar;
import io.enrolgate.provisioning.onem2m.CseSettings;
import io.enrolgate.provisioning.onem2m.NodeNaming;
import io.enrolgate.provisioning.onem2m.OneM2mHttpClient;
import io.enrolgate.provisioning.testing.TestWorld;
import io.enrolgate.testfixtures.AcmeCse;
import io.enrolgate.testfixtures.PostgresProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provisioning's throughput, settings side by side in one run on one machine: each setting runs
 * {@value #DEFAULT_REPEATS} times (interleaved, so that the CSE's growing database weighs on all alike) and its
 * medians are reported, with the bare CSE create loop before and after. Figures are reported, never asserted; what
 * is asserted is that every delivery was provisioned. Larger runs: {@code -Dprovisioning.bench.deliveries=200
 * -Dprovisioning.bench.repeats=3}.
 */
class ProvisioningLoadSeriesTest {
    private static final int DEFAULT_DELIVERIES = 10;
    private static final int DEFAULT_REPEATS = 1;

    @TempDir
    Path directory;

    @Test
    void reportsProvisionedPerSecondForEachSettingSideBySide() throws Exception {
        int deliveries = Integer.getInteger("provisioning.bench.deliveries", DEFAULT_DELIVERIES);
        int repeats = Integer.getInteger("provisioning.bench.repeats", DEFAULT_REPEATS);
        try (TestWorld world = new TestWorld(directory); PostgresProcess postgres = PostgresProcess.start()) {
            Map<String, String> onPostgres = Map.of("database.url", postgres.jdbcUrl(), "database.user",
                    postgres.user(), "database.password", postgres.password());
            Map<String, Map<String, String>> settings = new LinkedHashMap<>();
            settings.put("c1 no-keep-alive", Map.of("provisioning.concurrency", "1", "mef.keep-alive", "false"));
            settings.put("c1 keep-alive", Map.of("provisioning.concurrency", "1"));
            settings.put("c4 keep-alive", Map.of("provisioning.concurrency", "4"));
            settings.put("c8 no-keep-alive", Map.of("provisioning.concurrency", "8", "mef.keep-alive", "false"));
            settings.put("c8 keep-alive (default)", Map.of());
            settings.put("c8 keep-alive PostgreSQL", onPostgres);
            settings.put("c8 keep-alive no CSE", Map.of("cse.url", ""));
            ProvisioningLoadGenerator generator = new ProvisioningLoadGenerator(world, directory);
            CseCreateLoop bare = new CseCreateLoop(new CseNodeRegistrar(new OneM2mHttpClient(new CseSettings(
                    world.cse.pointOfAccess(), AcmeCse.CSE_BASE, "3", Duration.ofSeconds(10))), NodeNaming.defaults()));
            List<String> lines = new ArrayList<>();
            lines.add(bare.run(deliveries, 1).describe());
            lines.add(bare.run(deliveries, 4).describe());
            Map<String, List<ProvisioningLoadReport>> reports = new LinkedHashMap<>();
            for (int repeat = 0; repeat < repeats; repeat++) {
                for (Map.Entry<String, Map<String, String>> each : settings.entrySet()) {
                    ProvisioningLoadReport report = generator.run(each.getKey(), deliveries, each.getValue(),
                            Duration.ofMinutes(5));
                    lines.add(report.describe());
                    reports.computeIfAbsent(each.getKey(), k -> new ArrayList<>()).add(report);
                }
            }
            lines.add(bare.run(deliveries, 1).describe());
            lines.add(bare.run(deliveries, 4).describe());
            lines.addAll(bareLoopOnAFreshCseInMemory(deliveries));
            reports.forEach((label, runs) -> lines.add(median(label, runs)));
            lines.forEach(System.out::println);

            assertThat(reports).hasSize(settings.size()).allSatisfy((label, runs) -> assertThat(runs).hasSize(repeats)
                    .allSatisfy(run -> assertThat(run.provisioned()).isEqualTo(deliveries)));
        }
    }

    /**
     * The bare loop on an ACME configured for speed rather than as the tests' (memory instead of TinyDB files
     * written at every change, info instead of debug logs): how much of the CSE's time is that configuration.
     */
    private List<String> bareLoopOnAFreshCseInMemory(int nodes) throws Exception {
        Path cseDirectory = directory.resolve("acme-memory");
        try (AcmeCse cse = AcmeCse.start(AcmeCse.install(), new AcmeCse.Settings(cseDirectory, AcmeCse.Storage.MEMORY,
                "info", "enrolgate-bench", cseDirectory.resolve("stdout.log"), Duration.ofSeconds(20), true))) {
            CseCreateLoop bare = new CseCreateLoop(new CseNodeRegistrar(new OneM2mHttpClient(new CseSettings(
                    cse.pointOfAccess(), AcmeCse.CSE_BASE, "3", Duration.ofSeconds(10))), NodeNaming.defaults()));
            return List.of("[ACME in memory, info logs] " + bare.run(nodes, 1).describe(),
                    "[ACME in memory, info logs] " + bare.run(nodes, 4).describe());
        }
    }

    private static String median(String label, List<ProvisioningLoadReport> runs) {
        return String.format(Locale.ROOT, "MEDIAN %-28s runs=%d provisioned/s %.1f; latency ms p50 %.0f p99 %.0f", label,
                runs.size(), median(runs.stream().mapToDouble(ProvisioningLoadReport::throughput).toArray()),
                median(runs.stream().mapToDouble(ProvisioningLoadReport::p50Millis).toArray()),
                median(runs.stream().mapToDouble(ProvisioningLoadReport::p99Millis).toArray()));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
