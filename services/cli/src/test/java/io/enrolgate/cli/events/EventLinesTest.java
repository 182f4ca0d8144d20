package io.enrolgate.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.common.mqtt.InboundMessage;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

class EventLinesTest {
    private static final String TOPIC = "enrolgate/v1/events/00124b00c0000009";

    @Test
    void aRejectionShowsItsReason() {
        String line = EventLines.line(message("{\"deviceIeee\":\"00124b00c0000009\",\"gatewayIeee\":\"00124b00e0000001\","
                + "\"state\":\"REJECTED\",\"reason\":\"device not registered\",\"occurredAt\":\"2027-01-15T08:00:00Z\"}"));
        assertThat(line).isEqualTo("2027-01-15T08:00:00Z  00124b00c0000009  REJECTED        via 00124b00e0000001"
                + "  device not registered");
    }

    @Test
    void somethingThatIsNotAnEventIsShownAsSuchWithItsTopic() {
        assertThat(EventLines.line(message("not json"))).startsWith("not an enrolment event on " + TOPIC + ": ");
        assertThat(EventLines.json(message("[\"an array\"]"))).startsWith("not an enrolment event on ");
    }

    @Test
    void jsonModePrintsTheEventOnOneLine() {
        String json = EventLines.json(message("{\n  \"deviceIeee\": \"00124b00c0000009\",\n  \"state\": \"KEY_ISSUED\",\n"
                + "  \"keySequence\": 3\n}"));
        assertThat(json).isEqualTo("{\"deviceIeee\":\"00124b00c0000009\",\"state\":\"KEY_ISSUED\",\"keySequence\":3}");
    }

    private static InboundMessage message(String payload) {
        return new InboundMessage(TOPIC, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8)), TOPIC);
    }
}
