package io.enrolgate.provisioning.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * provisioning's meters. Tags come from closed sets chosen here (outcomes, steps, states): never an
 * identifier, never key material.
 * <ul>
 *   <li>{@code enrolgate_provisioning_deliveries_total{outcome}}: KeyDeliveries received: accepted, duplicate,
 *       malformed, topic_mismatch, unopenable;
 *   <li>{@code enrolgate_provisioning_steps_total{step,outcome}}: attempts of each step (mef_register,
 *       mef_confirm, cse_register, complete, fail) that succeeded, failed transiently or permanently, or were
 *       skipped (cse_register without a CSE);
 *   <li>{@code enrolgate_provisioning_step_seconds{step}}: how long each step's work takes, whatever its
 *       outcome: the steps above, and {@code intake} (check, open and store a delivery), {@code claim} (take an
 *       item's lease), {@code open} (the stored HPKE seal), {@code save} (one write of the work store): where
 *       the time of a provisioning goes;
 *   <li>{@code enrolgate_provisioning_completed_total{outcome}}: provisioned or failed;
 *   <li>{@code enrolgate_provisioning_in_progress}: work items this replica is working on now.
 * </ul>
 */
public final class ProvisioningMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final AtomicInteger inProgress = new AtomicInteger();

    public ProvisioningMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("enrolgate.provisioning.in.progress", inProgress, AtomicInteger::get)
                .description("Provisioning work items this replica is working on")
                .register(registry);
    }

    public void delivery(String outcome) {
        counter("enrolgate.provisioning.deliveries", "KeyDeliveries received, by outcome", "outcome", outcome).increment();
    }

    public void step(String step, String outcome) {
        counters.computeIfAbsent("steps/" + step + "/" + outcome, k -> Counter.builder("enrolgate.provisioning.steps")
                .description("Attempts of each provisioning step, by outcome")
                .tags("step", step, "outcome", outcome)
                .register(registry)).increment();
    }

    /**
     * Starts timing one run of {@code step}; closing what it returns records the time, whatever the outcome, so
     * that a step that throws is timed too: {@code try (var timing = metrics.startStep("save")) { ... }}.
     */
    public StepTiming startStep(String step) {
        long start = System.nanoTime();
        return () -> timers.computeIfAbsent(step, k -> Timer.builder("enrolgate.provisioning.step")
                .description("Time taken by each provisioning step, whatever its outcome")
                .tags("step", step)
                .register(registry)).record(Duration.ofNanos(System.nanoTime() - start));
    }

    /** A step being timed: {@link #close()} records it (and throws nothing, unlike {@link AutoCloseable}). */
    public interface StepTiming extends AutoCloseable {
        @Override
        void close();
    }

    /** The time recorded for {@code step}: how many runs, and their total; zero when it never ran. */
    public StepTime stepTime(String step) {
        Timer timer = timers.get(step);
        return timer == null ? new StepTime(0, Duration.ZERO)
                : new StepTime(timer.count(), Duration.ofNanos((long) timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)));
    }

    /** How many runs of a step were timed, and how long they took together. */
    public record StepTime(long count, Duration total) {
        public double meanMillis() {
            return count == 0 ? 0 : total.toNanos() / 1e6 / count;
        }
    }

    public void completed(String outcome) {
        counter("enrolgate.provisioning.completed", "Provisionings finished, by outcome", "outcome", outcome).increment();
    }

    public double count(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    public AtomicInteger inProgress() {
        return inProgress;
    }

    private Counter counter(String name, String description, String tag, String value) {
        return counters.computeIfAbsent(name + "/" + value, k -> Counter.builder(name)
                .description(description)
                .tag(tag, value)
                .register(registry));
    }
}
