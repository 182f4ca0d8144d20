package io.enrolgate.demo.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.OptionalLong;

/** Percentiles by the nearest-rank method: the smallest value that at least p % of the values do not exceed. */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * @param percentile in (0, 100]
     * @return empty for no values
     */
    public static OptionalLong nearestRank(Collection<Long> values, double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile " + percentile + ": expected (0, 100]");
        }
        if (values.isEmpty()) {
            return OptionalLong.empty();
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return OptionalLong.of(sorted[Math.max(rank, 1) - 1]);
    }
}
