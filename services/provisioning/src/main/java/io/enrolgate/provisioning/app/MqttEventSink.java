package io.enrolgate.provisioning.app;

import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.RequestResponse;
import io.enrolgate.provisioning.core.EventSink;
import io.enrolgate.provisioning.core.StepException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes events on the service's MQTT session (QoS 1, application/json) and waits for the PUBACK. */
final class MqttEventSink implements EventSink {
    private final MqttSession session;
    private final Duration timeout;

    MqttEventSink(MqttSession session, Duration timeout) {
        this.session = session;
        this.timeout = timeout;
    }

    @Override
    public void publish(String topic, byte[] json) throws StepException {
        try {
            session.publish(topic, json, RequestResponse.withContentType(RequestResponse.JSON))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StepException.transientFailure("interrupted while publishing to " + topic, e);
        } catch (ExecutionException e) {
            throw StepException.transientFailure("publish to " + topic + " failed: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw StepException.transientFailure("the broker did not acknowledge the publish to " + topic
                    + " within " + timeout, e);
        }
    }
}
