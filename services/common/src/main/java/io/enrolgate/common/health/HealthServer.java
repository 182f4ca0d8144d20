package io.enrolgate.common.health;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operational HTTP endpoints of a service, as Kubernetes probes and Prometheus expect them:
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process runs;
 *   <li>{@code GET /health/ready}: 200 when every {@link ReadinessCheck} passes, else 503; the body names
 *       each check and its state, and the service's notes on how it is configured (e.g. a step it skips);
 *   <li>{@code GET /metrics}: the Prometheus text exposition of the service's meters.
 * </ul>
 * Checks may block (a database round trip), so they run on a worker thread, never the event loop. Port 0
 * picks a free port ({@link #actualPort()}).
 */
public final class HealthServer extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final String host;
    private final int port;
    private final List<ReadinessCheck> checks;
    private final Map<String, String> notes;
    private final PrometheusMeterRegistry metrics;
    private HttpServer server;

    public HealthServer(String host, int port, List<ReadinessCheck> checks, PrometheusMeterRegistry metrics) {
        this(host, port, checks, Map.of(), metrics);
    }

    /** {@code notes}: shown under {@code "notes"} in /health/ready, whatever the checks say. */
    public HealthServer(String host, int port, List<ReadinessCheck> checks, Map<String, String> notes,
            PrometheusMeterRegistry metrics) {
        this.host = host;
        this.port = port;
        this.checks = List.copyOf(checks);
        this.notes = Map.copyOf(notes);
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        // Plain HTTP/1.1: probes and Prometheus need nothing else, and no h2c upgrade dance with clients.
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
                .requestHandler(this::handle)
                .listen(port, host)
                .onSuccess(started -> {
                    server = started;
                    LOG.info("health and metrics on http://{}:{}/ (health/live, health/ready, metrics)", host,
                            started.actualPort());
                });
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        if (request.method().name().equals("GET") || request.method().name().equals("HEAD")) {
            switch (request.path()) {
                case "/health/live" -> respondJson(request, 200, new JsonObject().put("status", "UP"));
                case "/health/ready" -> ready(request);
                case "/metrics" -> request.response().putHeader("Content-Type", TEXT_FORMAT).end(metrics.scrape());
                default -> request.response().setStatusCode(404).end();
            }
        } else {
            request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
        }
    }

    private void ready(HttpServerRequest request) {
        vertx.executeBlocking(this::runChecks, false).onComplete(result -> {
            if (result.failed()) {
                respondJson(request, 503, new JsonObject().put("status", "DOWN")
                        .put("error", String.valueOf(result.cause().getMessage())));
                return;
            }
            Map<String, Boolean> states = result.result();
            boolean ready = states.values().stream().allMatch(Boolean::booleanValue);
            JsonObject body = new JsonObject().put("status", ready ? "UP" : "DOWN");
            JsonObject each = new JsonObject();
            states.forEach((name, up) -> each.put(name, up ? "UP" : "DOWN"));
            body.put("checks", each);
            if (!notes.isEmpty()) {
                body.put("notes", new JsonObject(new LinkedHashMap<String, Object>(notes)));
            }
            respondJson(request, ready ? 200 : 503, body);
        });
    }

    private Map<String, Boolean> runChecks() {
        Map<String, Boolean> states = new LinkedHashMap<>();
        for (ReadinessCheck check : checks) {
            boolean up;
            try {
                up = check.isReady();
            } catch (RuntimeException e) {
                LOG.debug("readiness check {} failed: {}", check.name(), e.toString());
                up = false;
            }
            states.put(check.name(), up);
        }
        return states;
    }

    private static void respondJson(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
