package io.enrolgate.mef.app;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The plain-HTTP admin port, apart from the Mmef port so that probes and scrapers need no PSK:
 * {@code /health/live} (the process runs), {@code /health/ready} (Mmef listening and the database
 * answering) and {@code /metrics} (Prometheus). Only wiring: the checks are given to it.
 */
final class AdminServer implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final MefMetrics metrics;
    private final BooleanSupplier ready;
    private HttpServer server;

    AdminServer(MefMetrics metrics, BooleanSupplier ready) {
        this.metrics = metrics;
        this.ready = ready;
    }

    AdminServer start(String bindAddress, int port) throws InterruptedException {
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(port, bindAddress)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return this;
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            throw new IllegalStateException("admin port " + bindAddress + ":" + port + " cannot be opened: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
    }

    int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        if (!"GET".equals(request.method().name())) {
            request.response().setStatusCode(405).putHeader("Allow", "GET").end();
            return;
        }
        switch (request.path()) {
            case "/health/live" -> json(request, 200, "{\"status\":\"UP\"}");
            case "/health/ready" -> vertx.executeBlocking(ready::getAsBoolean).onComplete(result -> {
                boolean up = result.succeeded() && result.result();
                json(request, up ? 200 : 503, up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
            });
            case "/metrics" -> vertx.executeBlocking(metrics::scrape).onComplete(result -> {
                if (result.succeeded()) {
                    request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                            .end(result.result());
                } else {
                    request.response().setStatusCode(500).end();
                }
            });
            default -> request.response().setStatusCode(404).end();
        }
    }

    private static void json(HttpServerRequest request, int status, String body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
