package io.enrolgate.keyforge.core;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.proto.v1.Rejection;
import io.enrolgate.zigbee.IeeeAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds the {@link EnrolmentEvent}s key-forge emits and renders them as canonical proto3 JSON (the
 * payload on {@code enrolgate/v1/events/{device}}). Events name keys by identifier only.
 */
final class EnrolmentEvents {
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private final String emittedBy;

    EnrolmentEvents(String emittedBy) {
        this.emittedBy = emittedBy;
    }

    EnrolmentEvent.Builder base(UUID enrolmentId, ValidRequest request, EnrolmentEvent.State state, Instant now) {
        return EnrolmentEvent.newBuilder()
                .setEnrolmentId(enrolmentId.toString())
                .setRequestId(ByteString.copyFrom(request.requestId().toBytes()))
                .setDeviceIeee(request.device().toTopicHex())
                .setGatewayIeee(request.gateway().toTopicHex())
                .setState(state)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setEmittedBy(emittedBy);
    }

    Publication requested(UUID enrolmentId, ValidRequest request, Instant now) {
        return publish(request.device(), base(enrolmentId, request, EnrolmentEvent.State.REQUESTED, now));
    }

    Publication rejected(UUID enrolmentId, ValidRequest request, Rejection rejection, Instant now) {
        return publish(request.device(), base(enrolmentId, request, EnrolmentEvent.State.REJECTED, now)
                .setRejectionCode(rejection.getCode())
                .setReason(rejection.getMessage()));
    }

    /** No key identifier: the MEF assigns it, and provisioning's KEY_PROVISIONED event carries it. */
    Publication keyIssued(UUID enrolmentId, ValidRequest request, int keySequence, Instant now) {
        return publish(request.device(), base(enrolmentId, request, EnrolmentEvent.State.KEY_ISSUED, now)
                .setKeySequence(keySequence));
    }

    private static Publication publish(IeeeAddress device, EnrolmentEvent.Builder event) {
        return new Publication(EnrolgateTopics.events(device), toJson(event.build()).getBytes(StandardCharsets.UTF_8),
                Publication.JSON);
    }

    static String toJson(EnrolmentEvent event) {
        try {
            return JSON.print(event);
        } catch (InvalidProtocolBufferException e) {
            // Only Any fields with unknown types fail to print; EnrolmentEvent has none.
            throw new IllegalStateException("cannot print an EnrolmentEvent as JSON", e);
        }
    }
}
