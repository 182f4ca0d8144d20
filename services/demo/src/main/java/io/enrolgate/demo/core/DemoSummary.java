package io.enrolgate.demo.core;

import java.util.List;
import java.util.OptionalLong;

/**
 * The outcome of a run: one row per device, the totals, the association → key latency percentiles over the
 * devices that installed a key, and the exit status (0 only if every device's installed key equals the key the
 * oneM2M application retrieved).
 */
public record DemoSummary(List<DeviceState> devices, ProgressCounts counts, OptionalLong latencyP50Millis,
        OptionalLong latencyP99Millis, int latencySamples) {
    public static final int EXIT_ALL_EQUAL = 0;
    public static final int EXIT_SOME_FAILED = 1;

    public DemoSummary {
        devices = List.copyOf(devices);
    }

    public static DemoSummary of(List<DeviceState> devices) {
        List<Long> latencies = devices.stream().filter(DeviceState::keyInstalled)
                .map(DeviceState::latencyMillis).filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).toList();
        return new DemoSummary(devices, DemoProgress.countsOf(devices), Percentiles.nearestRank(latencies, 50),
                Percentiles.nearestRank(latencies, 99), latencies.size());
    }

    public boolean allEqual() {
        return !devices.isEmpty() && devices.stream().allMatch(DeviceState::succeeded);
    }

    public int exitStatus() {
        return allEqual() ? EXIT_ALL_EQUAL : EXIT_SOME_FAILED;
    }

    public List<DeviceState> failures() {
        return devices.stream().filter(d -> !d.succeeded()).toList();
    }
}
