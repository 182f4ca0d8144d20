package io.enrolgate.provisioning.bench;

import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.proto.v1.EnrolmentEvent.State;
import io.enrolgate.provisioning.app.ProvisioningService;
import io.enrolgate.provisioning.core.ProvisioningMetrics;
import io.enrolgate.provisioning.core.ProvisioningMetrics.StepTime;
import io.enrolgate.provisioning.testing.TestWorld;
import io.enrolgate.provisioning.testing.TestWorld.Issued;
import io.enrolgate.zigbee.IeeeAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives one provisioning replica with a burst of KeyDeliveries, against the real parts of a {@link TestWorld}
 * (Mosquitto, the MEF over TLS-PSK, the ACME CSE, the registry). Each run issues its keys as key-forge does (to
 * fresh devices, before the clock starts), starts a replica with the given settings on a work database of its own,
 * publishes every delivery at once (a backlog, as when key-forge issues faster than provisioning registers), and
 * measures each delivery from its publish to its KEY_PROVISIONED event, and where the replica's time went.
 */
public final class ProvisioningLoadGenerator {
    /** The timed steps, in the order a delivery goes through them (see ProvisioningMetrics). */
    static final List<String> STEPS = List.of("intake", "claim", "open", "mef_register", "mef_confirm", "cse_register",
            "complete", "save");

    private final TestWorld world;
    private final Path directory;
    private final AtomicLong nextDevice = new AtomicLong(0x000D6FBB00000000L);
    private final AtomicInteger runs = new AtomicInteger();

    public ProvisioningLoadGenerator(TestWorld world, Path directory) {
        this.world = world;
        this.directory = directory;
    }

    /**
     * Runs {@code deliveries} KeyDeliveries through a fresh replica configured with {@code settings} (keys of
     * provisioning's configuration, over the world's defaults). Blocks until every one is provisioned.
     *
     * @throws AssertionError when one fails, or they are not all provisioned within {@code timeout}
     */
    public ProvisioningLoadReport run(String label, int deliveries, Map<String, String> settings, Duration timeout)
            throws Exception {
        int run = runs.incrementAndGet();
        List<Issued> issued = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            issued.add(world.issue(new IeeeAddress(nextDevice.incrementAndGet())));
        }
        DatabaseConfig work = DatabaseConfig.of("jdbc:h2:file:" + directory.resolve("bench-work-" + run).toAbsolutePath(),
                "enrolgate", "");
        ProvisioningService service = world.startProvisioning(world.config("bench-" + run, work, settings));
        try {
            long[] published = new long[deliveries];
            for (int i = 0; i < deliveries; i++) {
                published[i] = System.nanoTime();
                world.publish(issued.get(i));
            }
            TestWorld.await(deliveries + " KEY_PROVISIONED events (" + label + ")", timeout, () -> issued.stream()
                    .allMatch(each -> finished(each) ));
            List<Issued> failed = issued.stream()
                    .filter(each -> world.firstArrival(each.enrolmentId(), State.FAILED).isPresent()).toList();
            if (!failed.isEmpty()) {
                throw new AssertionError(failed.size() + " deliveries FAILED in run " + label + ": "
                        + world.events(failed.get(0).enrolmentId()));
            }
            double[] latencies = new double[deliveries];
            long last = 0;
            for (int i = 0; i < deliveries; i++) {
                long arrived = world.firstArrival(issued.get(i).enrolmentId(), State.KEY_PROVISIONED).orElseThrow();
                latencies[i] = (arrived - published[i]) / 1e6;
                last = Math.max(last, arrived);
            }
            Arrays.sort(latencies);
            return new ProvisioningLoadReport(label, deliveries, deliveries, (last - published[0]) / 1e9,
                    percentile(latencies, 0.50), percentile(latencies, 0.99), steps(service.metrics()));
        } finally {
            service.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private boolean finished(Issued issued) {
        return world.firstArrival(issued.enrolmentId(), State.KEY_PROVISIONED).isPresent()
                || world.firstArrival(issued.enrolmentId(), State.FAILED).isPresent();
    }

    private static Map<String, StepTime> steps(ProvisioningMetrics metrics) {
        Map<String, StepTime> steps = new LinkedHashMap<>();
        STEPS.forEach(step -> steps.put(step, metrics.stepTime(step)));
        return steps;
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(rank, 1)) - 1];
    }
}
