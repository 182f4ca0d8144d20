package io.enrolgate.common.mqtt;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The requesting side of MQTT v5 request/response: publishes requests that carry a Response Topic and
 * Correlation Data, and completes each request's future with the first response carrying its
 * correlation data. Used by the serial-bridge, the load generator and tests.
 */
public final class MqttRequester {
    private final MqttSession session;
    private final String responseTopic;
    private final Map<String, CompletableFuture<InboundMessage>> outstanding = new ConcurrentHashMap<>();

    private MqttRequester(MqttSession session, String responseTopic) {
        this.session = session;
        this.responseTopic = responseTopic;
    }

    /** Subscribes {@code responseTopic} on {@code session} and returns a requester answering from it. */
    public static CompletableFuture<MqttRequester> start(MqttSession session, String responseTopic) {
        MqttRequester requester = new MqttRequester(session, responseTopic);
        return session.subscribe(responseTopic, 1, requester::onResponse).thenApply(ok -> requester);
    }

    public String responseTopic() {
        return responseTopic;
    }

    /**
     * Publishes {@code payload} to {@code topic} as a request correlated by {@code correlationData}; the future
     * fails with a {@link TimeoutException} when no response came within {@code timeout}. A request sent again
     * with the same correlation data (a retry) shares the first one's future.
     */
    public CompletableFuture<InboundMessage> request(String topic, byte[] payload, byte[] correlationData,
            String contentType, Duration timeout) {
        String key = HexFormat.of().formatHex(correlationData);
        CompletableFuture<InboundMessage> response = outstanding.computeIfAbsent(key, k -> new CompletableFuture<>());
        session.publish(topic, payload, RequestResponse.requestProperties(responseTopic, correlationData, contentType))
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        response.completeExceptionally(failure);
                    }
                });
        return response.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> outstanding.remove(key, response));
    }

    /** How many requests wait for their response. */
    public int outstanding() {
        return outstanding.size();
    }

    private CompletableFuture<Void> onResponse(InboundMessage message) {
        message.correlationData()
                .map(data -> outstanding.remove(HexFormat.of().formatHex(data)))
                .ifPresent(future -> future.complete(message));
        return CompletableFuture.completedFuture(null);
    }
}
