package io.enrolgate.keyforge.core;

import io.enrolgate.registry.counter.FrameCounterAllocator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;

/**
 * key-forge's meters. Tags are from fixed sets (outcomes, drop reasons): nothing from a request, no key.
 * <ul>
 *   <li>{@code enrolgate_keyforge_requests_total{outcome}}: every delivery, by {@link Outcome};
 *   <li>{@code enrolgate_keyforge_forge_seconds}: histogram of the time to serve a request that issues a key
 *       (registry reads, counter, key, forge, record);
 *   <li>{@code enrolgate_keyforge_counter_blocks_total}: frame counter blocks reserved in the registry;
 *   <li>{@code enrolgate_keyforge_publish_failures_total}: answers that could not be published (the request
 *       is then left unacknowledged, for the broker to deliver again);
 *   <li>{@code enrolgate_keyforge_redeliveries_total{cause}}: KeyDeliveries published again from the registry,
 *       for a repeated request ({@code repeated_request}) or by the sweep ({@code sweep});
 *   <li>{@code enrolgate_keyforge_redelivery_sweeps_total}: sweep passes completed by this replica.
 * </ul>
 */
public final class KeyForgeMetrics {
    /** Why a KeyDelivery was published again. */
    public enum Redelivery {
        REPEATED_REQUEST("repeated_request"),
        SWEEP("sweep");

        private final String tag;

        Redelivery(String tag) {
            this.tag = tag;
        }
    }

    private final Map<Outcome, Counter> requests = new EnumMap<>(Outcome.class);
    private final Map<Redelivery, Counter> redeliveries = new EnumMap<>(Redelivery.class);
    private final Timer forgeLatency;
    private final Counter publishFailures;
    private final Counter sweeps;

    public KeyForgeMetrics(MeterRegistry registry, FrameCounterAllocator allocator) {
        for (Outcome outcome : Outcome.values()) {
            requests.put(outcome, Counter.builder("enrolgate.keyforge.requests")
                    .description("EG Requests received, by outcome")
                    .tag("outcome", outcome.tag())
                    .register(registry));
        }
        forgeLatency = Timer.builder("enrolgate.keyforge.forge")
                .description("Time to serve a request that issues a key: registry, counter, key, forge, record")
                .publishPercentileHistogram()
                .register(registry);
        publishFailures = Counter.builder("enrolgate.keyforge.publish.failures")
                .description("Answers that could not be published")
                .register(registry);
        for (Redelivery cause : Redelivery.values()) {
            redeliveries.put(cause, Counter.builder("enrolgate.keyforge.redeliveries")
                    .description("KeyDeliveries published again from the registry, by cause")
                    .tag("cause", cause.tag)
                    .register(registry));
        }
        sweeps = Counter.builder("enrolgate.keyforge.redelivery.sweeps")
                .description("Passes of the KeyDelivery redelivery sweep completed")
                .register(registry);
        FunctionCounter.builder("enrolgate.keyforge.counter.blocks", allocator, FrameCounterAllocator::blocksReserved)
                .description("Frame counter blocks reserved in the registry by this replica")
                .register(registry);
    }

    public void count(Outcome outcome) {
        requests.get(outcome).increment();
    }

    /** How many requests had {@code outcome} so far. */
    public double requests(Outcome outcome) {
        return requests.get(outcome).count();
    }

    public Timer forgeLatency() {
        return forgeLatency;
    }

    public void publishFailed() {
        publishFailures.increment();
    }

    public void redelivered(Redelivery cause) {
        redeliveries.get(cause).increment();
    }

    /** How many KeyDeliveries were published again for {@code cause} so far. */
    public double redeliveries(Redelivery cause) {
        return redeliveries.get(cause).count();
    }

    public void sweepCompleted() {
        sweeps.increment();
    }

    /** How many sweep passes completed so far. */
    public double sweeps() {
        return sweeps.count();
    }
}
