package io.enrolgate.common.mqtt;

import java.util.Objects;

/**
 * The Will the broker publishes when the session ends without a clean DISCONNECT (crash, network loss):
 * how a serial-bridge's status turns {@code offline}.
 */
public record MqttWill(String topic, byte[] payload, int qos, boolean retained, String contentType) {
    public MqttWill {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("will QoS " + qos + ": expected 0, 1 or 2");
        }
        if (topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("will topic '" + topic + "' must not contain wildcards");
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }
}
