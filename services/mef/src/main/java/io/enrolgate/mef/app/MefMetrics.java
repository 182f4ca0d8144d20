package io.enrolgate.mef.app;

import io.enrolgate.mef.core.MefObserver;
import io.enrolgate.mef.core.MefProcedure;
import io.enrolgate.mef.core.Outcome;
import io.enrolgate.mef.transport.TransportObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MEF's Prometheus metrics. Labels come from closed vocabularies only (procedure, outcome, TLS alert
 * name, HTTP status): no identifier, let alone a key, ever becomes a label.
 * <ul>
 *   <li>{@code mef_requests_total{procedure,outcome}}</li>
 *   <li>{@code mef_tls_handshake_failures_total{reason}}</li>
 *   <li>{@code mef_http_malformed_requests_total{status}}, {@code mef_connections_rejected_total}</li>
 *   <li>{@code mef_connections_active}</li>
 * </ul>
 */
public final class MefMetrics implements MefObserver, TransportObserver {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger activeConnections = new AtomicInteger();

    public MefMetrics() {
        Gauge.builder("mef.connections.active", activeConnections, AtomicInteger::get)
                .description("Mmef connections being served").register(registry);
        // Known series exist from the start, at zero, so that rate() and alerts work before the first event.
        for (MefProcedure procedure : MefProcedure.values()) {
            for (Outcome outcome : Outcome.values()) {
                requests(procedure, outcome);
            }
        }
    }

    @Override
    public void procedureCompleted(MefProcedure procedure, Outcome outcome) {
        requests(procedure, outcome).increment();
    }

    @Override
    public void handshakeFailed(String reason) {
        Counter.builder("mef.tls.handshake.failures").description("TLS-PSK handshakes that failed, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    @Override
    public void connectionRejected() {
        Counter.builder("mef.connections.rejected").description("connections closed at once: server full")
                .register(registry).increment();
    }

    @Override
    public void malformedRequest(int status) {
        Counter.builder("mef.http.malformed.requests").description("requests refused by the HTTP codec")
                .tag("status", Integer.toString(status)).register(registry).increment();
    }

    @Override
    public void connectionOpened() {
        activeConnections.incrementAndGet();
    }

    @Override
    public void connectionClosed() {
        activeConnections.decrementAndGet();
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    private Counter requests(MefProcedure procedure, Outcome outcome) {
        return Counter.builder("mef.requests").description("Mmef procedures by outcome")
                .tag("procedure", procedure.label()).tag("outcome", outcome.label()).register(registry);
    }
}
