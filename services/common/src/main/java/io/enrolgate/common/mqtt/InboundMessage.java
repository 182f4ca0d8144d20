package io.enrolgate.common.mqtt;

import java.util.Optional;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * One delivery from the broker: its topic, the message, and the filter it matched. The session
 * acknowledges it (PUBACK) when the handler's work completes, so a crash mid-work leaves it to the
 * broker to deliver again.
 */
public record InboundMessage(String topic, MqttMessage message, String matchedFilter) {

    public byte[] payload() {
        return message.getPayload();
    }

    /** The MQTT v5 Response Topic of a request, if the sender set one. */
    public Optional<String> responseTopic() {
        return Optional.ofNullable(message.getProperties()).map(p -> p.getResponseTopic()).filter(t -> !t.isEmpty());
    }

    /** The MQTT v5 Correlation Data of a request, if the sender set it. */
    public Optional<byte[]> correlationData() {
        return Optional.ofNullable(message.getProperties()).map(p -> p.getCorrelationData());
    }

    /** Whether the broker marked this as a redelivery (DUP flag): a hint, the idempotency key decides. */
    public boolean isDuplicate() {
        return message.isDuplicate();
    }
}
