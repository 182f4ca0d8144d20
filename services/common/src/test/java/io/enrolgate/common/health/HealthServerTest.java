package io.enrolgate.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.common.metrics.ServiceMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthServerTest {
    private final AtomicBoolean mqttUp = new AtomicBoolean(true);
    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(10)).build();
    private Vertx vertx;
    private HealthServer server;
    private PrometheusMeterRegistry metrics;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        metrics = ServiceMetrics.create("test-service", "replica-1");
        metrics.counter("enrolgate_test_requests", "outcome", "ok").increment(3);
        server = new HealthServer("127.0.0.1", 0, List.of(
                ReadinessCheck.of("mqtt", mqttUp::get),
                ReadinessCheck.of("database", () -> {
                    if (!databaseUp.get()) {
                        throw new IllegalStateException("connection refused");
                    }
                    return true;
                })), metrics);
        vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                        .timeout(java.time.Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyOnlyWhileEveryCheckPasses() throws Exception {
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);

        databaseUp.set(false);
        HttpResponse<String> down = get("/health/ready");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"database\":\"DOWN\"").contains("\"mqtt\":\"UP\"");

        databaseUp.set(true);
        mqttUp.set(false);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(get("/health/live").statusCode()).as("alive even when not ready").isEqualTo(200);
    }

    @Test
    void servesPrometheusTextWithTheServiceTags() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body()).contains("enrolgate_test_requests_total{")
                .contains("service=\"test-service\"").contains("instance=\"replica-1\"").contains("outcome=\"ok\"");
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }
}
