package io.enrolgate.provisioning.bench;

import io.enrolgate.provisioning.core.ProvisioningMetrics.StepTime;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one provisioning load run measured. Latency is from a KeyDelivery's publish to its KEY_PROVISIONED event's
 * arrival, both at the load generator (so the broker counts twice); all deliveries are published at once, so it
 * includes the wait behind the deliveries before it.
 *
 * @param label which settings were run
 * @param provisioned KEY_PROVISIONED events received (each delivery counts once)
 * @param seconds from the first publish to the last KEY_PROVISIONED
 * @param steps the replica's step timers: runs and total time of each step
 */
public record ProvisioningLoadReport(String label, int deliveries, int provisioned, double seconds, double p50Millis,
        double p99Millis, Map<String, StepTime> steps) {

    /** KEY_PROVISIONED per second over the whole run. */
    public double throughput() {
        return seconds <= 0 ? 0 : provisioned / seconds;
    }

    public String describe() {
        return String.format(Locale.ROOT, "%-34s %d/%d provisioned in %.1f s -> %.1f provisioned/s; latency ms p50 %.0f"
                + " p99 %.0f; mean ms per step: %s", label, provisioned, deliveries, seconds, throughput(), p50Millis,
                p99Millis, describeSteps(steps));
    }

    /** {@code step=mean} for every step that ran, in the order given. */
    static String describeSteps(Map<String, StepTime> steps) {
        return steps.entrySet().stream().filter(e -> e.getValue().count() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue().meanMillis()))
                .collect(Collectors.joining(", "));
    }
}
