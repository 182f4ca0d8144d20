package io.enrolgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.proto.v1.EnrolmentEvent.State;
import io.enrolgate.zigbee.IeeeAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The enrolments/s the distributed setup holds: {@link EnrolmentLoad} speaks for the load gateways with the load
 * devices the {@link EnrolmentScenario} registered, against the running system. The figures go to the build log and
 * {@code target/enrolments-per-second.txt}, with the CPU time each process used, so that a reader sees where the
 * time went.
 */
final class EnrolmentsPerSecond {
    private EnrolmentsPerSecond() {
    }

    /** Measures for {@code seconds} after a warm-up, reports the figures, and checks the load was answered. */
    static void measure(EnrolmentScenario scenario, int seconds) throws Exception {
        DistributedSystem system = scenario.system;
        List<IeeeAddress> devices = new ArrayList<>();
        for (int i = 0; i < EnrolmentScenario.LOAD_DEVICES; i++) {
            devices.add(EnrolmentScenario.loadDevice(i));
        }
        Map<IeeeAddress, String> gateways = new LinkedHashMap<>();
        DistributedSystem.LOAD_GATEWAYS.forEach(g -> gateways.put(g, system.password(g.toTopicHex())));
        Map<String, Long> cpuBefore = cpuTimes(system);
        long provisionedBefore = scenario.events.count(State.KEY_PROVISIONED);
        EnrolmentLoad load = new EnrolmentLoad(system.broker.serverUri(), gateways, devices, 16);
        Duration warmup = Duration.ofSeconds(Math.max(3, seconds / 3));
        long start = System.nanoTime();
        EnrolmentLoad.Report report = load.run(warmup, Duration.ofSeconds(seconds));
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Long> cpuAfter = cpuTimes(system);
        long provisioned = scenario.events.count(State.KEY_PROVISIONED) - provisionedBefore;
        String cpu = cpuAfter.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(),
                (e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L)) / 100.0)).collect(Collectors.joining(", "));
        String text = String.join("\n",
                "Distributed enrolments/s on this machine (" + Runtime.getRuntime().availableProcessors() + " CPUs, load"
                        + " average now " + Files.readString(Path.of("/proc/loadavg")).strip() + ")",
                "  " + report.describe(),
                "  against: key-forge x " + DistributedSystem.KEY_FORGE_REPLICAS + " (separate JVMs, PostgreSQL registry,"
                        + " service log level " + System.getProperty("enrolgate.it.log-level", "DEBUG") + "), Mosquitto"
                        + " with the production ACL, provisioning + MEF + ACME CSE running behind them",
                String.format(Locale.ROOT, "  warm-up %d s not counted; measured %d s; %d requests still unanswered 30 s"
                        + " after the window", warmup.toSeconds(), seconds, report.late()),
                String.format(Locale.ROOT, "  provisioning meanwhile: %d KEY_PROVISIONED events in %.1f s (%.1f/s: MEF"
                        + " registration + AE in the CSE)", provisioned, elapsed, provisioned / elapsed),
                "  CPU seconds used during the run (warm-up included): " + cpu,
                "  command: ./mvnw -pl integration-tests -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Denrolgate.it.load-seconds=" + seconds + Optional.ofNullable(System.getProperty(
                                "enrolgate.it.log-level")).map(l -> " -Denrolgate.it.log-level=" + l).orElse("")
                        + "  (DistributedEnrolmentIT#theEnrolmentsPerSecondTheDistributedSetupHolds)");
        System.out.println("[it] " + text.replace("\n", "\n[it] "));
        Files.writeString(Repo.TARGET.resolve("enrolments-per-second.txt"), text + "\n", StandardCharsets.UTF_8);
        assertThat(report.answered()).as(report.describe()).isPositive();
        assertThat(report.rejected()).as("every load device is registered").isZero();
    }

    /** CPU time (clock ticks, user + system) of every process of the system, from /proc. */
    private static Map<String, Long> cpuTimes(DistributedSystem system) {
        Map<String, Long> times = new LinkedHashMap<>();
        for (EnrolgateProcess service : system.services()) {
            times.put(service.name(), ticks(service.pid()));
        }
        times.put("test JVM (load generator)", ticks(ProcessHandle.current().pid()));
        // Only this run's processes: other builds may share the machine.
        ProcessHandle.current().children().filter(p -> p.info().command().map(c -> c.endsWith("/mosquitto")
                || c.contains("acmecse") || c.contains("python")).orElse(false)).forEach(p -> {
                    String name = p.info().command().orElse("?").endsWith("/mosquitto") ? "mosquitto" : "ACME CSE";
                    times.merge(name, ticks(p.pid()) + p.descendants().mapToLong(d -> ticks(d.pid())).sum(), Long::sum);
                });
        try {
            long postmaster = Long.parseLong(Files.readAllLines(system.postgres.dataDirectory().resolve("postmaster.pid"))
                    .get(0).strip());
            times.put("postgres", ticks(postmaster) + ProcessHandle.of(postmaster).stream()
                    .flatMap(ProcessHandle::descendants).mapToLong(d -> ticks(d.pid())).sum());
        } catch (IOException | RuntimeException e) {
            times.put("postgres (unknown)", 0L);
        }
        return times;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
