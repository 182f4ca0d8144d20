package io.enrolgate.common.metrics;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The meter registry of one service process, scraped as Prometheus text on {@code /metrics}. Every meter
 * carries the tags {@code service} and {@code instance}, so that a scaled deployment's replicas stay apart.
 *
 * <p>Meter tags are bounded sets chosen by the code (outcomes, rejection codes), never values from a
 * request, and never key material.
 */
public final class ServiceMetrics {
    private ServiceMetrics() {
    }

    public static PrometheusMeterRegistry create(String service, String instance) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service, "instance", instance);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }
}
