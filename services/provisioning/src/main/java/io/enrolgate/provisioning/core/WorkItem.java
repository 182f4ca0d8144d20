package io.enrolgate.provisioning.core;

import io.enrolgate.zigbee.IeeeAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable record of one KeyDelivery's provisioning, idempotent by enrolment id. {@code delivery} is the
 * KeyDelivery exactly as received: its key is still sealed to provisioning's HPKE key, so the record holds no
 * key in a form anyone else can read.
 *
 * @param keyIdentifier {@code <RelativeKeyID>@<MEF-FQDN>} once the MEF registered the key (provisionally at first)
 * @param attempts failed attempts so far (drives the back-off and the give-up)
 * @param nextAttemptAt when the next attempt is due
 * @param lastError the last failure, or the reason of a FAILING/FAILED record
 */
public record WorkItem(UUID enrolmentId, IeeeAddress device, int keySequence, byte[] delivery, WorkState state,
        Optional<String> keyIdentifier, int attempts, Instant nextAttemptAt, Optional<String> lastError,
        Instant createdAt, Instant updatedAt) {

    public WorkItem {
        Objects.requireNonNull(enrolmentId, "enrolmentId");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(keyIdentifier, "keyIdentifier");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(lastError, "lastError");
        delivery = delivery.clone();
    }

    /** A delivery just accepted. */
    public static WorkItem received(UUID enrolmentId, IeeeAddress device, int keySequence, byte[] delivery, Instant now) {
        return new WorkItem(enrolmentId, device, keySequence, delivery, WorkState.RECEIVED, Optional.empty(), 0, now,
                Optional.empty(), now, now);
    }

    @Override
    public byte[] delivery() {
        return delivery.clone();
    }

    /** The next state after a step succeeded: attempts start again from zero. */
    public WorkItem advancedTo(WorkState next, Optional<String> key, Instant now) {
        return new WorkItem(enrolmentId, device, keySequence, delivery, next, key, 0, now, Optional.empty(), createdAt,
                now);
    }

    /** The same state, retried at {@code at} after a failure. */
    public WorkItem retryAt(Instant at, String error, Instant now) {
        return new WorkItem(enrolmentId, device, keySequence, delivery, state, keyIdentifier, attempts + 1, at,
                Optional.of(error), createdAt, now);
    }

    /** Given up with {@code reason}; the FAILED event is still to be published. */
    public WorkItem failing(String reason, Instant now) {
        return new WorkItem(enrolmentId, device, keySequence, delivery, WorkState.FAILING, keyIdentifier, 0, now,
                Optional.of(reason), createdAt, now);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WorkItem that && enrolmentId.equals(that.enrolmentId) && state == that.state
                && keyIdentifier.equals(that.keyIdentifier) && attempts == that.attempts
                && nextAttemptAt.equals(that.nextAttemptAt) && java.util.Arrays.equals(delivery, that.delivery);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enrolmentId, state, attempts);
    }

    @Override
    public String toString() {
        return "WorkItem[enrolment=" + enrolmentId + ", device=" + device + ", state=" + state + ", key="
                + keyIdentifier.orElse("none") + ", attempts=" + attempts + ", next=" + nextAttemptAt + "]";
    }
}
