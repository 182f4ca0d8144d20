package io.enrolgate.provisioning.app;

import io.enrolgate.common.mqtt.InboundMessage;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.provisioning.core.DeliveryIntake;
import io.enrolgate.provisioning.core.ProvisioningProcessor;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires provisioning to MQTT and to time; all blocking work (database, MEF, CSE) runs on a worker pool, never
 * on the event loop.
 * <ul>
 *   <li>Each KeyDelivery on the shared subscription is taken into durable work ({@link DeliveryIntake}) and
 *       acknowledged to the broker only once that is committed; then it is worked at once if fewer than
 *       {@code concurrency} items are in work, else it waits in the work store.
 *   <li>A poll picks up work that is due (retries, what waits in the store, whatever a crashed replica left), as
 *       many items as there is room for: periodically, and as soon as an item finishes while work waits.
 * </ul>
 * A delivery spends most of its time waiting for the MEF and the CSE, so several run at once; the pool has
 * {@value #INTAKE_THREADS} threads more than {@code concurrency}, so that taking deliveries in never waits
 * behind the work.
 */
public final class ProvisioningVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningVerticle.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    static final int INTAKE_THREADS = 2;

    private final MqttSession session;
    private final DeliveryIntake intake;
    private final ProvisioningProcessor processor;
    private final WorkStore store;
    private final Duration pollInterval;
    private final int concurrency;
    private final Clock clock;
    private final Set<UUID> scheduled = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean polling = new AtomicBoolean();
    /** Items in work now, at most {@code concurrency}; deliveries come in on other threads than the event loop. */
    private final AtomicInteger inWork = new AtomicInteger();
    /** Work may wait in the store: an item was not scheduled for want of room, or a poll filled the room. */
    private final AtomicBoolean waiting = new AtomicBoolean();
    private volatile boolean stopping;
    private WorkerExecutor executor;
    private long timerId = -1;

    public ProvisioningVerticle(MqttSession session, DeliveryIntake intake, ProvisioningProcessor processor,
            WorkStore store, Duration pollInterval, int concurrency, Clock clock) {
        this.session = session;
        this.intake = intake;
        this.processor = processor;
        this.store = store;
        this.pollInterval = pollInterval;
        if (concurrency < 1) {
            throw new IllegalArgumentException("provisioning concurrency must be at least 1, not " + concurrency);
        }
        this.concurrency = concurrency;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        executor = vertx.createSharedWorkerExecutor("provisioning-" + session.settings().clientId(),
                concurrency + INTAKE_THREADS);
        session.subscribe(EnrolgateTopics.SHARED_KEYS_FILTER, 1, this::onDelivery);
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
        int room = concurrency - inWork.get();
        if (stopping || room <= 0 || !polling.compareAndSet(false, true)) {
            return;
        }
        waiting.set(false);
        executor.executeBlocking(() -> store.due(clock.instant(), room), false)
                .onComplete(result -> {
                    polling.set(false);
                    if (result.succeeded()) {
                        List<UUID> due = result.result();
                        if (due.size() >= room) {
                            waiting.set(true);
                        }
                        due.forEach(this::schedule);
                    } else {
                        LOG.warn("cannot look for due provisioning work: {}", result.cause().getMessage());
                    }
                });
    }

    /** Works {@code enrolmentId} now if there is room; otherwise it waits in the store for a poll. */
    private void schedule(UUID enrolmentId) {
        if (stopping || scheduled.contains(enrolmentId)) {
            return;
        }
        if (!takeRoom()) {
            waiting.set(true);
            return;
        }
        if (!scheduled.add(enrolmentId)) {
            inWork.decrementAndGet();
            return;
        }
        executor.executeBlocking(() -> processor.run(enrolmentId), false).onComplete(result -> {
            scheduled.remove(enrolmentId);
            inWork.decrementAndGet();
            if (result.failed() && !stopping) {
                LOG.warn("provisioning of enrolment {} stopped: {}", enrolmentId, result.cause().toString());
            }
            if (waiting.get()) {
                poll();
            }
        });
    }

    private boolean takeRoom() {
        while (true) {
            int now = inWork.get();
            if (now >= concurrency) {
                return false;
            }
            if (inWork.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }
}
