package io.enrolgate.keyforge.app;

import io.enrolgate.common.mqtt.InboundMessage;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.RequestResponse;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.keyforge.core.EnrolmentProcessor;
import io.enrolgate.keyforge.core.ForgeResult;
import io.enrolgate.keyforge.core.KeyDeliverySweep;
import io.enrolgate.keyforge.core.KeyForgeMetrics;
import io.enrolgate.keyforge.core.Publication;
import io.enrolgate.keyforge.core.RedeliverySettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the {@link EnrolmentProcessor} to MQTT: subscribes the shared request filter, runs each request on
 * a worker thread (the processor blocks on the registry), then publishes what it decided, in order. The
 * request is acknowledged to the broker only once every publication was acknowledged, so a replica that
 * dies in between leaves the request to be delivered again; the processor answers a repeat from the record
 * (and publishes its KeyDelivery again). Every {@link RedeliverySettings#interval()}, the
 * {@link KeyDeliverySweep} publishes again the KeyDeliveries that provisioning has not taken, in case nobody
 * repeats the request.
 */
public final class KeyForgeVerticle extends VerticleBase {
    private final MqttSession session;
    private final EnrolmentProcessor processor;
    private final KeyDeliverySweep sweep;
    private final KeyForgeMetrics metrics;
    private final Consumer<ForgeResult> beforePublish;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(KeyForgeVerticle.class);

    private final int workers;
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private WorkerExecutor executor;
    private long sweepTimer = -1;

    /**
     * @param beforePublish for fault tests: runs on the worker once a request was decided (and, when a key was
     *     issued, recorded), before anything is published; when it throws, nothing is published and the request
     *     stays unacknowledged, as when a replica dies at that point. Does nothing in production.
     */
    public KeyForgeVerticle(MqttSession session, EnrolmentProcessor processor, KeyDeliverySweep sweep,
            KeyForgeMetrics metrics, int workers, Consumer<ForgeResult> beforePublish) {
        this.session = session;
        this.processor = processor;
        this.sweep = sweep;
        this.metrics = metrics;
        this.workers = workers;
        this.beforePublish = beforePublish;
    }

    @Override
    public Future<?> start() {
        executor = vertx.createSharedWorkerExecutor("key-forge-" + session.settings().clientId(), workers);
        session.subscribe(EnrolgateTopics.SHARED_REQUEST_FILTER, 1, this::onRequest);
        return Future.fromCompletionStage(session.connect()).onSuccess(connected -> {
            if (sweep.settings().enabled()) {
                sweepTimer = vertx.setPeriodic(sweep.settings().interval().toMillis(), timer -> sweepOnce());
            }
        });
    }

    /** One pass, unless one is still running or the broker is away (a claimed KeyDelivery must go out now). */
    private void sweepOnce() {
        if (!session.isConnected() || !sweeping.compareAndSet(false, true)) {
            return;
        }
        executor.executeBlocking(sweep::sweep, false)
                .onFailure(failure -> LOG.warn("KeyDelivery redelivery sweep: the registry failed: {}", failure.toString()))
                .toCompletionStage()
                .thenCompose(publications -> CompletableFuture.allOf(publications.stream()
                        .map(p -> session.publish(p.topic(), p.payload(), properties(p)).whenComplete((ok, failure) -> {
                            if (failure != null) {
                                // Claimed but not sent: a pass after another age sends it.
                                metrics.publishFailed();
                            }
                        }))
                        .toArray(CompletableFuture[]::new)))
                .whenComplete((ok, failure) -> sweeping.set(false));
    }

    /**
     * Scales down cleanly: stops taking requests, lets those in progress finish (bounded), then ends the MQTT
     * session so that the shared subscription stops handing this replica a share.
     */
    @Override
    public Future<?> stop() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
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
        return executor.executeBlocking(() -> {
                    ForgeResult result = processor.process(request.topic(), request.payload(), answerable);
                    beforePublish.accept(result);
                    return result;
                }, false)
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
