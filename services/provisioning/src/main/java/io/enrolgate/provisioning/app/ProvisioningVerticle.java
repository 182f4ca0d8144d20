package io.enrolgate.provisioning.app;

import io.enrolgate.common.mqtt.InboundMessage;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.provisioning.core.DeliveryIntake;
import io.enrolgate.provisioning.core.ProvisioningProcessor;
import io.enrolgate.provisioning.core.ProvisioningTopics;
import io.enrolgate.provisioning.core.WorkStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires provisioning to MQTT and to time; all blocking work (database, MEF, CSE) runs on a worker pool, never
 * on the event loop.
 * <ul>
 *   <li>Each KeyDelivery on the shared subscription is taken into durable work ({@link DeliveryIntake}) and
 *       acknowledged to the broker only once that is committed; then it is worked at once.
 *   <li>A periodic poll picks up work that is due (retries, and whatever a crashed replica left), at most as
 *       many items at a time as there are workers.
 * </ul>
 */
public final class ProvisioningVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningVerticle.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final MqttSession session;
    private final DeliveryIntake intake;
    private final ProvisioningProcessor processor;
    private final WorkStore store;
    private final Duration pollInterval;
    private final int workers;
    private final Clock clock;
    private final Set<UUID> scheduled = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile boolean stopping;
    private WorkerExecutor executor;
    private long timerId = -1;

    public ProvisioningVerticle(MqttSession session, DeliveryIntake intake, ProvisioningProcessor processor,
            WorkStore store, Duration pollInterval, int workers, Clock clock) {
        this.session = session;
        this.intake = intake;
        this.processor = processor;
        this.store = store;
        this.pollInterval = pollInterval;
        this.workers = workers;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        executor = vertx.createSharedWorkerExecutor("provisioning-" + session.settings().clientId(), workers + 1);
        session.subscribe(ProvisioningTopics.SHARED_KEYS_FILTER, 1, this::onDelivery);
        timerId = vertx.setPeriodic(pollInterval.toMillis(), id -> poll());
        return Future.fromCompletionStage(session.connect());
    }

    /** Stops taking work, lets the attempts in progress end (bounded), then leaves the shared subscription. */
    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(timerId);
        return vertx.executeBlocking(() -> {
            long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            while (!scheduled.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            session.closeEndingSession();
            return null;
        }).eventually(() -> executor.close());
    }

    /** Stops at once, as a crash: nothing is drained, the work in progress fails where it stands. */
    Future<Void> abort() {
        stopping = true;
        vertx.cancelTimer(timerId);
        session.abort();
        return executor.close();
    }

    private CompletionStage<?> onDelivery(InboundMessage message) {
        return executor.executeBlocking(() -> intake.accept(message.topic(), message.payload()), false)
                .onSuccess(result -> {
                    if (result.outcome() == DeliveryIntake.Outcome.ACCEPTED) {
                        schedule(result.enrolmentId());
                    }
                })
                .toCompletionStage();
    }

    private void poll() {
        if (stopping || scheduled.size() >= workers || !polling.compareAndSet(false, true)) {
            return;
        }
        executor.executeBlocking(() -> store.due(clock.instant(), workers), false)
                .onComplete(result -> {
                    polling.set(false);
                    if (result.succeeded()) {
                        List<UUID> due = result.result();
                        due.forEach(this::schedule);
                    } else {
                        LOG.warn("cannot look for due provisioning work: {}", result.cause().getMessage());
                    }
                });
    }

    private void schedule(UUID enrolmentId) {
        if (stopping || !scheduled.add(enrolmentId)) {
            return;
        }
        executor.executeBlocking(() -> processor.run(enrolmentId), false).onComplete(result -> {
            scheduled.remove(enrolmentId);
            if (result.failed() && !stopping) {
                LOG.warn("provisioning of enrolment {} stopped: {}", enrolmentId, result.cause().toString());
            }
        });
    }
}
