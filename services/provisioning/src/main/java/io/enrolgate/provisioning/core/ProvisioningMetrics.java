package io.enrolgate.provisioning.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
 *       mef_confirm, cse_register, complete, fail) that succeeded, failed transiently or permanently;
 *   <li>{@code enrolgate_provisioning_completed_total{outcome}}: provisioned or failed;
 *   <li>{@code enrolgate_provisioning_in_progress}: work items this replica is working on now.
 * </ul>
 */
public final class ProvisioningMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
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
