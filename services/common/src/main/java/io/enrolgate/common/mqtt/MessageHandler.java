package io.enrolgate.common.mqtt;

import java.util.concurrent.CompletionStage;

/**
 * Handles deliveries that match one subscription. Called on Paho's callback thread, so it must not
 * block: hand the work to a worker and return its completion. The delivery is acknowledged once the
 * returned stage completes normally; when it completes exceptionally the delivery stays unacknowledged and
 * the broker delivers it again after the session reconnects.
 */
@FunctionalInterface
public interface MessageHandler {
    CompletionStage<?> handle(InboundMessage message);
}
