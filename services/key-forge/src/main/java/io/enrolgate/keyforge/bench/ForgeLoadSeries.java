package io.enrolgate.keyforge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Several load runs in one JVM, each with fresh replicas and a fresh database: a warm-up run (not reported: the
 * JIT compiles the hot paths of the generator, key-forge, the registry and the drivers once for the whole series),
 * {@code runs} runs at the base rate, then, when asked, the highest rate sustained: from the base rate up by
 * {@code step} while sustained (or down from it until sustained), and {@code runs} runs in all at that rate.
 * Figures are reported as medians over the runs of a rate, each figure's median on its own.
 *
 * @param warmup the warm-up run's length, at the base rate; zero for none
 * @param runs runs per reported rate
 * @param step the ramp's step, requests/s; zero for no ramp
 * @param maxRate the ramp stops here
 * @param criteria what "sustained" means
 */
public record ForgeLoadSeries(int baseRate, Duration duration, int replicas, Duration warmup, int runs, int step,
        int maxRate, Criteria criteria) {

    /**
     * A run is sustained when every request was answered, at least {@code minShare} of the offered rate was served,
     * and the 99th percentile of latency stayed within {@code maxP99Millis}.
     */
    public record Criteria(double minShare, double maxP99Millis) {
        public static final Criteria DEFAULT = new Criteria(0.95, 250);

        public boolean sustained(LoadReport report) {
            return report.sent() > 0 && report.unanswered() == 0 && report.answered() == report.sent()
                    && report.throughput() >= minShare * report.requestedRate() && report.p99Millis() <= maxP99Millis;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "every request answered, >= %.0f%% of the offered rate, p99 <= %.0f ms",
                    minShare * 100, maxP99Millis);
        }
    }

    /** The medians of the runs at one rate. */
    public record Medians(int rate, List<LoadReport> reports) {
        public double throughput() {
            return median(LoadReport::throughput);
        }

        public double p50Millis() {
            return median(LoadReport::p50Millis);
        }

        public double p99Millis() {
            return median(LoadReport::p99Millis);
        }

        public double cpuMillisPerEnrolment() {
            return median(LoadReport::cpuMillisPerEnrolment);
        }

        public long answered() {
            return reports.stream().mapToLong(LoadReport::answered).sum();
        }

        public long sent() {
            return reports.stream().mapToLong(LoadReport::sent).sum();
        }

        private double median(ToDoubleFunction<LoadReport> figure) {
            double[] values = reports.stream().mapToDouble(figure).sorted().toArray();
            if (values.length == 0) {
                return Double.NaN;
            }
            int middle = values.length / 2;
            return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        }

        /** One line, prefixed {@code MEDIAN}, that scripts can read. */
        public String describe(String label) {
            return String.format(Locale.ROOT, "MEDIAN %s %d/s runs=%d enrolments/s=%.1f p50_ms=%.2f p99_ms=%.2f"
                            + " cpu_ms_per_enrolment=%.2f answered=%d/%d", label, rate, reports.size(), throughput(),
                    p50Millis(), p99Millis(), cpuMillisPerEnrolment(), answered(), sent());
        }
    }

    /** What a series measured: the base rate's runs, the ramp's, and the highest rate sustained with its runs. */
    public record Result(Medians base, List<LoadReport> ramp, OptionalInt highestSustained, Medians highest) {
    }

    public ForgeLoadSeries {
        if (baseRate < 1 || runs < 1 || step < 0 || replicas < 1 || maxRate < baseRate) {
            throw new IllegalArgumentException("series: rate, runs and replicas must be positive, the step not negative"
                    + " and the maximum rate at least the base rate");
        }
    }

    /** Runs the series, telling {@code progress} about every run as it ends (with a label: warm-up, base, ramp, highest). */
    public Result run(ForgeLoadGenerator generator, Consumer<String> progress) throws Exception {
        if (!warmup.isZero()) {
            progress.accept("[warm-up, not counted] " + generator.run(baseRate, warmup, replicas).describe());
        }
        List<LoadReport> base = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            LoadReport report = generator.run(baseRate, duration, replicas);
            base.add(report);
            progress.accept("[base " + i + "/" + runs + "] " + report.describe());
        }
        List<LoadReport> ramp = new ArrayList<>();
        if (step == 0) {
            return new Result(new Medians(baseRate, base), ramp, OptionalInt.empty(), new Medians(baseRate, List.of()));
        }
        int best = -1;
        LoadReport bestReport = null;
        if (base.stream().allMatch(criteria::sustained)) {
            best = baseRate;
            for (int rate = baseRate + step; rate <= maxRate; rate += step) {
                LoadReport report = generator.run(rate, duration, replicas);
                ramp.add(report);
                boolean sustained = criteria.sustained(report);
                progress.accept("[ramp, " + (sustained ? "sustained" : "not sustained") + "] " + report.describe());
                if (!sustained) {
                    break;
                }
                best = rate;
                bestReport = report;
            }
        } else {
            for (int rate = baseRate - step; rate > 0; rate -= step) {
                LoadReport report = generator.run(rate, duration, replicas);
                ramp.add(report);
                boolean sustained = criteria.sustained(report);
                progress.accept("[ramp down, " + (sustained ? "sustained" : "not sustained") + "] " + report.describe());
                if (sustained) {
                    best = rate;
                    bestReport = report;
                    break;
                }
            }
        }
        if (best < 0) {
            return new Result(new Medians(baseRate, base), ramp, OptionalInt.empty(), new Medians(0, List.of()));
        }
        if (best == baseRate) {
            return new Result(new Medians(baseRate, base), ramp, OptionalInt.of(best), new Medians(best, base));
        }
        List<LoadReport> atBest = new ArrayList<>(List.of(bestReport));
        for (int i = 2; i <= runs; i++) {
            LoadReport report = generator.run(best, duration, replicas);
            atBest.add(report);
            progress.accept("[highest " + i + "/" + runs + "] " + report.describe());
        }
        return new Result(new Medians(baseRate, base), ramp, OptionalInt.of(best), new Medians(best, atBest));
    }
}
