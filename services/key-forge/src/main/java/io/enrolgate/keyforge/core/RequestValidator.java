package io.enrolgate.keyforge.core;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.registry.enrolment.RequestId;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.Optional;

/**
 * Checks an EG Request as it arrives from the broker, before anything touches the registry: size,
 * protobuf syntax, the 16-byte request id, field ranges, and that the gateway of the topic is the gateway
 * in the message (a gateway may publish only under its own topic, so the topic is what the broker's ACL
 * vouches for).
 */
public final class RequestValidator {
    public static final int REQUEST_ID_LENGTH = 16;
    /** An EgRequest is under 80 bytes; anything near this is not one. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 512;

    private final int maxPayloadBytes;

    public RequestValidator(int maxPayloadBytes) {
        if (maxPayloadBytes < 64) {
            throw new IllegalArgumentException("maximum EG Request size " + maxPayloadBytes + ": expected at least 64 bytes");
        }
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public ValidRequest validate(String topic, byte[] payload) throws MalformedRequestException {
        if (payload.length > maxPayloadBytes) {
            throw new MalformedRequestException("request of " + payload.length + " bytes exceeds the limit of "
                    + maxPayloadBytes + " bytes", ByteString.EMPTY);
        }
        Optional<IeeeAddress> topicGateway = EnrolgateTopics.gatewayOfRequestTopic(topic);
        if (topicGateway.isEmpty()) {
            throw new MalformedRequestException("topic '" + topic + "' is not enrolgate/v1/gw/{16 lower-case hex digits}"
                    + "/eg/request", ByteString.EMPTY);
        }
        EgRequest request;
        try {
            request = EgRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedRequestException("payload is not a protobuf EgRequest: " + e.getMessage(), ByteString.EMPTY);
        }
        ByteString id = request.getRequestId();
        if (id.size() != REQUEST_ID_LENGTH) {
            // Echo it only if it could be echoed safely (bounded above by the payload limit).
            throw new MalformedRequestException("request_id has " + id.size() + " bytes: expected "
                    + REQUEST_ID_LENGTH, id);
        }
        IeeeAddress gateway = new IeeeAddress(request.getGatewayIeee());
        if (!gateway.equals(topicGateway.get())) {
            throw new MalformedRequestException("gateway_ieee " + gateway.toTopicHex() + " differs from the gateway "
                    + topicGateway.get().toTopicHex() + " of the topic", id);
        }
        if (request.getDeviceIeee() == 0 || request.getDeviceIeee() == -1L) {
            throw new MalformedRequestException("device_ieee " + new IeeeAddress(request.getDeviceIeee()).toTopicHex()
                    + " is not a device address", id);
        }
        requireRange("gateway_short", request.getGatewayShort(), 0xFFF7, id);
        requireRange("pan_id", request.getPanId(), 0xFFFE, id);
        // 0xFFF8..0xFFFF are broadcast and reserved: a Transport Key goes to one device.
        requireRange("device_short", request.getDeviceShort(), 0xFFF7, id);
        if (request.hasParentShort()) {
            requireRange("parent_short", request.getParentShort(), 0xFFF7, id);
        }
        requireRange("capability_information", request.getCapabilityInformation(), 0xFF, id);
        return new ValidRequest(RequestId.of(id.toByteArray()), gateway, request.getGatewayShort(), request.getPanId(),
                new IeeeAddress(request.getDeviceIeee()), request.getDeviceShort(), request);
    }

    private static void requireRange(String field, int value, int max, ByteString id) throws MalformedRequestException {
        // proto3 uint32 arrives as a Java int: values above 2^31 are negative.
        if (value < 0 || value > max) {
            throw new MalformedRequestException(field + " " + Integer.toUnsignedString(value) + " is out of range: "
                    + "expected 0.." + max + " (0x" + Integer.toHexString(max).toUpperCase(java.util.Locale.ROOT) + ")", id);
        }
    }
}
