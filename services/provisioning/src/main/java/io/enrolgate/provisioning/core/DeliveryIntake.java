package io.enrolgate.provisioning.core;

import io.enrolgate.proto.v1.KeyDelivery;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one KeyDelivery from the broker into durable work. The delivery is checked (well-formed, on its
 * device's topic, and its seal opens with this service's key: only key-forge can have made it) and stored as
 * received, still sealed, unless its enrolment id is stored already (a redelivery). Once this returns, the
 * delivery's outcome is durable and it may be acknowledged to the broker. Blocking; thread-safe.
 */
public final class DeliveryIntake {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryIntake.class);

    /** What became of a delivery. */
    public enum Outcome {
        /** Stored as new work. */
        ACCEPTED("accepted"),
        /** Its enrolment id was stored already: nothing changed. */
        DUPLICATE("duplicate"),
        /** No redelivery can make it usable: dropped (and counted). */
        REJECTED("rejected");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** The outcome, and the enrolment id when the delivery named one. */
    public record Result(Outcome outcome, UUID enrolmentId) {
    }

    private final KeyDeliveryOpener opener;
    private final WorkStore store;
    private final ProvisioningMetrics metrics;
    private final Clock clock;

    public DeliveryIntake(KeyDeliveryOpener opener, WorkStore store, ProvisioningMetrics metrics, Clock clock) {
        this.opener = Objects.requireNonNull(opener, "opener");
        this.store = Objects.requireNonNull(store, "store");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws io.enrolgate.common.storage.DatabaseException when the work cannot be stored: the delivery must then
     *     stay unacknowledged, for the broker to deliver it again
     */
    public Result accept(String topic, byte[] payload) {
        try (var timing = metrics.startStep("intake")) {
            return checkAndStore(topic, payload);
        }
    }

    private Result checkAndStore(String topic, byte[] payload) {
        OpenedDelivery opened;
        try {
            opened = opener.open(topic, payload);
        } catch (DeliveryRejectedException e) {
            metrics.delivery(e.reason().tag());
            LOG.warn("KeyDelivery on {} dropped ({}): {}", topic, e.reason().tag(), e.getMessage());
            return new Result(Outcome.REJECTED, null);
        }
        KeyDelivery parsed;
        try {
            parsed = KeyDeliveryOpener.parse(payload);
        } catch (DeliveryRejectedException e) {
            throw new IllegalStateException("a delivery that opened does not parse", e);
        }
        WorkItem item = WorkItem.received(opened.enrolmentId(), opened.device(), parsed.getKeySequence(), payload,
                clock.instant());
        if (store.insertIfAbsent(item)) {
            metrics.delivery(Outcome.ACCEPTED.tag());
            LOG.info("KeyDelivery of enrolment {} for device {} (key sequence {}) accepted", opened.enrolmentId(),
                    opened.device(), parsed.getKeySequence());
            return new Result(Outcome.ACCEPTED, opened.enrolmentId());
        }
        metrics.delivery(Outcome.DUPLICATE.tag());
        LOG.debug("KeyDelivery of enrolment {} received again: already stored", opened.enrolmentId());
        return new Result(Outcome.DUPLICATE, opened.enrolmentId());
    }
}
