package io.enrolgate.provisioning.core;

import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.zigbee.IeeeAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works one claimed item through its steps, storing each new state before taking the next step:
 * <ol>
 *   <li>{@code RECEIVED}: open the stored seal, read the device's targets from the registry, and register the
 *       Key Value (Zigbee key ‖ 16 random bytes) at the MEF with a provisional expirationTime;
 *   <li>{@code MEF_PROVISIONAL}: confirm it (MEF Key Registration Update to the full lifetime); if it vanished
 *       meanwhile, back to {@code RECEIVED};
 *   <li>{@code MEF_REGISTERED}: register the node in the CSE (AE with IEEE and key identifier labels, container),
 *       unless no CSE is configured, or the device was issued a newer key since (see {@link NodeLabelling});
 *   <li>{@code NODE_REGISTERED}: record KEY_PROVISIONED in the registry, publish the KEY_PROVISIONED event;
 *   <li>{@code FAILING}: record FAILED, publish the FAILED event.
 * </ol>
 * A transient failure stores the item for a later attempt (exponential back-off); a permanent one, or
 * exhausted retries, turn it to {@code FAILING}. The completion steps never give up: the key is registered
 * and only telling it remains. The Zigbee key lives in memory for one attempt only. Blocking; thread-safe.
 */
public final class ProvisioningProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningProcessor.class);

    private final WorkStore store;
    private final KeyDeliveryOpener opener;
    private final KeyRegistrar mef;
    private final Optional<NodeRegistrar> cse;
    private final NodeLabelling labelling = new NodeLabelling();
    private final EnrolmentRecords registry;
    private final EventSink events;
    private final ProvisioningEvents eventFactory;
    private final MefKeyValues keyValues;
    private final ProvisioningSettings settings;
    private final ProvisioningMetrics metrics;
    private final Clock clock;
    private final RandomGenerator jitter = new SecureRandom();

    /** {@code cse} empty: no CSE is configured, and the step that registers nodes there is skipped. */
    public ProvisioningProcessor(WorkStore store, KeyDeliveryOpener opener, KeyRegistrar mef, Optional<NodeRegistrar> cse,
            EnrolmentRecords registry, EventSink events, ProvisioningSettings settings, ProvisioningMetrics metrics,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.mef = Objects.requireNonNull(mef, "mef");
        this.cse = Objects.requireNonNull(cse, "cse");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.events = Objects.requireNonNull(events, "events");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.eventFactory = new ProvisioningEvents(settings.owner());
        this.keyValues = new MefKeyValues(new SecureRandom());
    }

    /**
     * Claims {@code enrolmentId} and works it until it is finished or must wait; does nothing when another
     * replica holds it or it is not due.
     *
     * @return the item as stored when this returns, empty when it was not claimed
     * @throws LeaseLostException when the lease was lost midway (nothing more was changed)
     */
    public Optional<WorkItem> run(UUID enrolmentId) {
        Optional<WorkItem> claimed;
        try (var timing = metrics.startStep("claim")) {
            claimed = store.claim(enrolmentId, settings.owner(), clock.instant(), settings.lease());
        }
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        metrics.inProgress().incrementAndGet();
        try {
            return Optional.of(work(claimed.get(), Optional.empty()));
        } finally {
            metrics.inProgress().decrementAndGet();
        }
    }

    private WorkItem work(WorkItem item, Optional<OpenedDelivery> alreadyOpened) {
        Optional<OpenedDelivery> opened = alreadyOpened;
        while (!item.state().isTerminal()) {
            String step = stepName(item.state());
            try {
                if (opened.isEmpty() && item.state() != WorkState.FAILING) {
                    try (var timing = metrics.startStep("open")) {
                        opened = Optional.of(openStored(item));
                    }
                }
                WorkItem next;
                try (var timing = metrics.startStep(step)) {
                    next = step(item, opened);
                }
                metrics.step(step, item.state() == WorkState.MEF_REGISTERED && cse.isEmpty() ? "skipped" : "ok");
                save(next);
                item = next;
            } catch (StepException.Lost lost) {
                metrics.step(step, "lost");
                LOG.warn("enrolment {}: {}; registering again", item.enrolmentId(), lost.getMessage());
                WorkItem again = item.advancedTo(WorkState.RECEIVED, Optional.empty(), clock.instant());
                save(again);
                item = again;
            } catch (StepException failure) {
                return failed(item, step, failure, opened);
            }
        }
        return item;
    }

    private WorkItem step(WorkItem item, Optional<OpenedDelivery> opened) throws StepException {
        Instant now = clock.instant();
        return switch (item.state()) {
            case RECEIVED -> {
                OpenedDelivery delivery = opened.orElseThrow();
                List<OneM2mId> targets = registry.targetsOf(delivery.device());
                MefKeyValue keyValue = keyValues.compose(delivery.key());
                KeyIdentifier keyId = mef.register(targets, keyValue, MefLabels.provisional(delivery.device(),
                        delivery.enrolmentId()), now.plus(settings.provisionalLifetime()));
                LOG.info("enrolment {}: key registered provisionally at the MEF as {} for {}", item.enrolmentId(),
                        keyId, targets);
                yield item.advancedTo(WorkState.MEF_PROVISIONAL, Optional.of(keyId.toString()), now);
            }
            case MEF_PROVISIONAL -> {
                KeyIdentifier keyId = KeyIdentifier.parse(item.keyIdentifier().orElseThrow());
                mef.confirm(keyId, now.plus(settings.keyLifetime()), MefLabels.confirmed(item.device(), item.enrolmentId()));
                LOG.info("enrolment {}: key registration {} confirmed", item.enrolmentId(), keyId);
                yield item.advancedTo(WorkState.MEF_REGISTERED, item.keyIdentifier(), now);
            }
            case MEF_REGISTERED -> {
                if (cse.isPresent()) {
                    labelling.register(item, cse.get(), registry);
                }
                yield item.advancedTo(WorkState.NODE_REGISTERED, item.keyIdentifier(), now);
            }
            case NODE_REGISTERED -> {
                OpenedDelivery delivery = opened.orElseThrow();
                String keyId = item.keyIdentifier().orElseThrow();
                registry.recordProvisioned(item.enrolmentId(), keyId);
                Optional<IeeeAddress> gateway = registry.gatewayOf(item.enrolmentId());
                events.publish(EnrolgateTopics.events(item.device()),
                        eventFactory.keyProvisioned(delivery, gateway, keyId, now));
                metrics.completed("provisioned");
                LOG.info("enrolment {}: key {} of device {} provisioned", item.enrolmentId(), keyId, item.device());
                yield item.advancedTo(WorkState.PROVISIONED, item.keyIdentifier(), now);
            }
            case FAILING -> {
                String reason = item.lastError().orElse("provisioning failed");
                registry.recordFailed(item.enrolmentId(), reason);
                Optional<IeeeAddress> gateway = registry.gatewayOf(item.enrolmentId());
                events.publish(EnrolgateTopics.events(item.device()),
                        eventFactory.failed(item, opened, gateway, reason, now));
                metrics.completed("failed");
                LOG.warn("enrolment {}: provisioning of device {} FAILED: {}", item.enrolmentId(), item.device(), reason);
                yield new WorkItem(item.enrolmentId(), item.device(), item.keySequence(), item.delivery(),
                        WorkState.FAILED, item.keyIdentifier(), item.attempts(), now, item.lastError(),
                        item.createdAt(), now);
            }
            case PROVISIONED, FAILED -> throw new IllegalStateException("no step after " + item.state());
        };
    }

    private OpenedDelivery openStored(WorkItem item) throws StepException {
        try {
            return opener.open(item.delivery());
        } catch (DeliveryRejectedException e) {
            // It opened when it was accepted: the service's key changed since. No retry changes that.
            throw StepException.permanentFailure("the stored KeyDelivery no longer opens: " + e.getMessage());
        }
    }

    private WorkItem failed(WorkItem item, String step, StepException failure, Optional<OpenedDelivery> opened) {
        Instant now = clock.instant();
        boolean completing = item.state() == WorkState.NODE_REGISTERED || item.state() == WorkState.FAILING;
        int failedAttempts = item.attempts() + 1;
        if (!completing && (failure.isPermanent() || settings.retry().exhausted(failedAttempts))) {
            metrics.step(step, failure.isPermanent() ? "permanent" : "exhausted");
            String reason = failure.isPermanent() ? failure.getMessage()
                    : step + " failed " + failedAttempts + " times; last: " + failure.getMessage();
            LOG.warn("enrolment {}: giving up at {}: {}", item.enrolmentId(), step, reason);
            WorkItem failing = item.failing(reason, now);
            save(failing);
            // Tell it now if possible; the FAILING state is retried like any other otherwise.
            return work(failing, opened);
        }
        metrics.step(step, "transient");
        int exponent = completing ? Math.min(failedAttempts, settings.retry().maxAttempts()) : failedAttempts;
        Instant at = now.plus(settings.retry().delayAfter(exponent, jitter));
        LOG.info("enrolment {}: {} failed (attempt {}), retrying at {}: {}", item.enrolmentId(), step, failedAttempts,
                at, failure.getMessage());
        WorkItem retry = item.retryAt(at, failure.getMessage(), now);
        save(retry);
        return retry;
    }

    private void save(WorkItem item) {
        try (var timing = metrics.startStep("save")) {
            store.save(item, settings.owner(), clock.instant(), settings.lease());
        }
    }

    private static String stepName(WorkState state) {
        return switch (state) {
            case RECEIVED -> "mef_register";
            case MEF_PROVISIONAL -> "mef_confirm";
            case MEF_REGISTERED -> "cse_register";
            case NODE_REGISTERED -> "complete";
            case FAILING -> "fail";
            case PROVISIONED, FAILED -> "none";
        };
    }
}
