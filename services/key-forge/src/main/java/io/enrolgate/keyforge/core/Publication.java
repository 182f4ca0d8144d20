package io.enrolgate.keyforge.core;

import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.Objects;

/**
 * One message to publish as the result of a request, in order. {@code topic} is null for the answer
 * itself, which goes to the request's Response Topic with its Correlation Data.
 */
public record Publication(String topic, byte[] payload, String contentType) {
    public static final String PROTOBUF = "application/x-protobuf";
    public static final String JSON = "application/json";

    public Publication {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(contentType, "contentType");
    }

    static Publication response(byte[] egResponse) {
        return new Publication(null, egResponse, PROTOBUF);
    }

    /** A sealed KeyDelivery for provisioning, on the device's keys topic. */
    static Publication keyDelivery(IeeeAddress device, byte[] keyDelivery) {
        return new Publication(EnrolgateTopics.keys(device), keyDelivery, PROTOBUF);
    }

    public boolean isResponse() {
        return topic == null;
    }
}
