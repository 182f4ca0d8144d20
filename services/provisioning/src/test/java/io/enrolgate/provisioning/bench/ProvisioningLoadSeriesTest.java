package io.enrolgate.provisioning.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.provisioning.onem2m.CseNodeRegistrar;
import io.enrolgate.provisioning.onem2m.CseSettings;
import io.enrolgate.provisioning.onem2m.NodeNaming;
import io.enrolgate.provisioning.onem2m.OneM2mHttpClient;
import io.enrolgate.provisioning.testing.TestWorld;
import io.enrolgate.testfixtures.AcmeCse;
import io.enrolgate.testfixtures.PostgresProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provisioning's throughput, settings side by side in one run on one machine, each run {@code repeats} times and
 * its medians reported, against two CSEs: the tests' ACME (TinyDB files rewritten at every change, debug logs: as
 * in the integration tests), which gets slower as it fills, and a fast one (ACME in memory, info logs), where
 * provisioning's own limits show. The order is reversed on every other repeat, so that the first CSE's slowing
 * down weighs on every setting alike. The bare CSE create loop ({@link CseCreateLoop}) runs on both, before and
 * after. Figures are reported, never asserted; what is asserted is that every delivery was provisioned. Larger
 * runs: {@code -Dprovisioning.bench.deliveries=40 -Dprovisioning.bench.repeats=3}.
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
        Path fastDirectory = directory.resolve("acme-memory");
        try (TestWorld world = new TestWorld(directory); PostgresProcess postgres = PostgresProcess.start();
                AcmeCse fast = AcmeCse.start(AcmeCse.install(), new AcmeCse.Settings(fastDirectory,
                        AcmeCse.Storage.MEMORY, "info", "enrolgate-bench", fastDirectory.resolve("stdout.log"),
                        Duration.ofSeconds(20), true))) {
            Map<String, Map<String, String>> settings = settings(postgres, fast.pointOfAccess());
            ProvisioningLoadGenerator generator = new ProvisioningLoadGenerator(world, directory);
            CseCreateLoop bare = bareLoop(world.cse.pointOfAccess());
            CseCreateLoop bareFast = bareLoop(fast.pointOfAccess());
            List<String> lines = new ArrayList<>();
            lines.add("[tests' ACME] " + bare.run(deliveries, 1).describe());
            lines.add("[fast ACME] " + bareFast.run(deliveries, 1).describe());
            Map<String, List<ProvisioningLoadReport>> reports = new LinkedHashMap<>();
            List<String> order = new ArrayList<>(settings.keySet());
            for (int repeat = 0; repeat < repeats; repeat++) {
                for (String label : order) {
                    ProvisioningLoadReport report = generator.run(label, deliveries, settings.get(label),
                            Duration.ofMinutes(5));
                    lines.add(report.describe());
                    reports.computeIfAbsent(label, k -> new ArrayList<>()).add(report);
                }
                Collections.reverse(order);
            }
            lines.add("[tests' ACME] " + bare.run(deliveries, 1).describe());
            lines.add("[tests' ACME] " + bare.run(deliveries, 4).describe());
            lines.add("[fast ACME] " + bareFast.run(deliveries, 1).describe());
            lines.add("[fast ACME] " + bareFast.run(deliveries, 4).describe());
            reports.forEach((label, runs) -> lines.add(median(label, runs)));
            lines.forEach(System.out::println);

            assertThat(reports).hasSize(settings.size()).allSatisfy((label, runs) -> assertThat(runs).hasSize(repeats)
                    .allSatisfy(run -> assertThat(run.provisioned()).isEqualTo(deliveries)));
        }
    }

    /** Concurrency 1 and the default 8, MEF keep-alive off and on, on both CSEs; PostgreSQL; no CSE. */
    private static Map<String, Map<String, String>> settings(PostgresProcess postgres, URI fastCse) {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        for (String cse : List.of("tests' ACME", "fast ACME")) {
            for (String concurrency : List.of("1", "8")) {
                for (boolean keepAlive : List.of(false, true)) {
                    Map<String, String> values = new LinkedHashMap<>(Map.of("provisioning.concurrency", concurrency,
                            "mef.keep-alive", Boolean.toString(keepAlive)));
                    if (cse.equals("fast ACME")) {
                        values.put("cse.url", fastCse.toString());
                    }
                    settings.put(String.format(Locale.ROOT, "%s c%s %s", cse, concurrency,
                            keepAlive ? "keep-alive" : "no-keep-alive"), values);
                }
            }
        }
        settings.put("tests' ACME c8 PostgreSQL", Map.of("database.url", postgres.jdbcUrl(), "database.user",
                postgres.user(), "database.password", postgres.password()));
        settings.put("no CSE c8 keep-alive", Map.of("cse.url", ""));
        return settings;
    }

    private static CseCreateLoop bareLoop(URI cse) {
        return new CseCreateLoop(new CseNodeRegistrar(new OneM2mHttpClient(new CseSettings(cse, AcmeCse.CSE_BASE, "3",
                Duration.ofSeconds(10))), NodeNaming.defaults()));
    }

    private static String median(String label, List<ProvisioningLoadReport> runs) {
        return String.format(Locale.ROOT, "MEDIAN %-34s runs=%d provisioned/s %.1f; latency ms p50 %.0f p99 %.0f", label,
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
