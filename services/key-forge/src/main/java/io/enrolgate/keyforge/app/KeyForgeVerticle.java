package io.enrolgate.keyforge.app;

import io.enrolgate.common.mqtt.InboundMessage;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.RequestResponse;
import io.enrolgate.keyforge.core.EgTopics;
import io.enrolgate.keyforge.core.EnrolmentProcessor;
import io.enrolgate.keyforge.core.ForgeResult;
import io.enrolgate.keyforge.core.KeyForgeMetrics;
import io.enrolgate.keyforge.core.Publication;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Wires the {@link EnrolmentProcessor} to MQTT: subscribes the shared request filter, runs each request on
 * a worker thread (the processor blocks on the registry), then publishes what it decided, in order. The
 * request is acknowledged to the broker only once every publication was acknowledged, so a replica that
 * dies in between leaves the request to be delivered again; the processor answers a repeat from the record.
 */
public final class KeyForgeVerticle extends VerticleBase {
    private final MqttSession session;
    private final EnrolmentProcessor processor;
    private final KeyForgeMetrics metrics;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final int workers;
    private final AtomicInteger inProgress = new AtomicInteger();
    private WorkerExecutor executor;

    public KeyForgeVerticle(MqttSession session, EnrolmentProcessor processor, KeyForgeMetrics metrics, int workers) {
        this.session = session;
        this.processor = processor;
        this.metrics = metrics;
        this.workers = workers;
    }

    @Override
    public Future<?> start() {
        executor = vertx.createSharedWorkerExecutor("key-forge-" + session.settings().clientId(), workers);
        session.subscribe(EgTopics.SHARED_REQUEST_FILTER, 1, this::onRequest);
        return Future.fromCompletionStage(session.connect());
    }

    /**
     * Scales down cleanly: stops taking requests, lets those in progress finish (bounded), then ends the MQTT
     * session so that the shared subscription stops handing this replica a share.
     */
    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            while (inProgress.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            session.closeEndingSession();
            return null;
        }).eventually(() -> executor.close());
    }

    private CompletionStage<?> onRequest(InboundMessage request) {
        boolean answerable = request.responseTopic().isPresent();
        inProgress.incrementAndGet();
        return executor.executeBlocking(() -> processor.process(request.topic(), request.payload(), answerable), false)
                .toCompletionStage()
                .thenCompose(result -> publish(request, result))
                .whenComplete((ok, failure) -> {
                    inProgress.decrementAndGet();
                    if (failure != null) {
                        metrics.publishFailed();
                    }
                });
    }

    /** Publishes in order: Paho sends in call order on the one connection, and we wait for every PUBACK. */
    private CompletableFuture<Void> publish(InboundMessage request, ForgeResult result) {
        CompletableFuture<?>[] sent = result.publications().stream()
                .map(publication -> publication.isResponse()
                        ? session.publish(request.responseTopic().orElseThrow(), publication.payload(),
                                RequestResponse.responseProperties(request, publication.contentType()))
                        : session.publish(publication.topic(), publication.payload(), properties(publication)))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sent);
    }

    private static MqttProperties properties(Publication publication) {
        return RequestResponse.withContentType(publication.contentType());
    }
}
