package io.enrolgate.keyforge.bench;

import java.util.Arrays;

/** Request latencies in nanoseconds, and their percentiles. Thread-safe. */
final class LatencyRecorder {
    private long[] samples = new long[1024];
    private int count;

    synchronized void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    synchronized int count() {
        return count;
    }

    /** The {@code p}-th percentile (0 < p <= 100) in milliseconds, nearest-rank; 0 when empty. */
    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)] / 1e6;
    }
}
