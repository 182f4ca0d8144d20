package io.enrolgate.provisioning.core;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.zigbee.IeeeAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@link EnrolmentEvent}s provisioning emits (KEY_PROVISIONED with the key identifier, FAILED with the
 * reason), as canonical proto3 JSON: the payload on {@code enrolgate/v1/events/{device}}. Events name keys by
 * identifier only.
 */
public final class ProvisioningEvents {
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private final String emittedBy;

    public ProvisioningEvents(String emittedBy) {
        this.emittedBy = emittedBy;
    }

    public byte[] keyProvisioned(OpenedDelivery delivery, Optional<IeeeAddress> gateway, String keyIdentifier,
            Instant now) {
        return json(base(delivery, gateway, EnrolmentEvent.State.KEY_PROVISIONED, now).setKeyIdentifier(keyIdentifier));
    }

    /** FAILED: {@code delivery} may be absent when even the stored delivery could not be opened. */
    public byte[] failed(WorkItem item, Optional<OpenedDelivery> delivery, Optional<IeeeAddress> gateway,
            String reason, Instant now) {
        EnrolmentEvent.Builder event = EnrolmentEvent.newBuilder()
                .setEnrolmentId(item.enrolmentId().toString())
                .setDeviceIeee(item.device().toTopicHex())
                .setState(EnrolmentEvent.State.FAILED)
                .setReason(reason)
                .setKeySequence(item.keySequence())
                .setOccurredAt(timestamp(now))
                .setEmittedBy(emittedBy);
        delivery.ifPresent(d -> event.setRequestId(ByteString.copyFrom(d.requestId())));
        gateway.ifPresent(g -> event.setGatewayIeee(g.toTopicHex()));
        item.keyIdentifier().ifPresent(event::setKeyIdentifier);
        return json(event);
    }

    private EnrolmentEvent.Builder base(OpenedDelivery delivery, Optional<IeeeAddress> gateway,
            EnrolmentEvent.State state, Instant now) {
        EnrolmentEvent.Builder event = EnrolmentEvent.newBuilder()
                .setEnrolmentId(delivery.enrolmentId().toString())
                .setRequestId(ByteString.copyFrom(delivery.requestId()))
                .setDeviceIeee(delivery.device().toTopicHex())
                .setState(state)
                .setKeySequence(delivery.keySequence())
                .setOccurredAt(timestamp(now))
                .setEmittedBy(emittedBy);
        gateway.ifPresent(g -> event.setGatewayIeee(g.toTopicHex()));
        return event;
    }

    private static Timestamp timestamp(Instant now) {
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }

    private static byte[] json(EnrolmentEvent.Builder event) {
        try {
            return JSON.print(event).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            // Only Any fields with unknown types fail to print; EnrolmentEvent has none.
            throw new IllegalStateException("cannot print an EnrolmentEvent as JSON", e);
        }
    }
}
