package io.enrolgate.common.mqtt;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's publishes: they wait here for a slot of the broker's receive window instead of failing with
 * Paho's "too many publishes in progress", and each completes when the broker acknowledged it (QoS 1) or it was
 * written (QoS 0); a PUBACK with an error reason (e.g. 0x87, not authorized) fails it.
 */
final class PublishQueue {
    private static final Logger LOG = LoggerFactory.getLogger(PublishQueue.class);

    private final MqttAsyncClient client;
    private final String clientId;
    private final Semaphore window = new Semaphore(0);
    private final AtomicBoolean windowOpened = new AtomicBoolean();
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();

    private record Pending(String topic, MqttMessage message, CompletableFuture<Void> done) {
    }

    PublishQueue(MqttAsyncClient client, String clientId) {
        this.client = client;
        this.clientId = clientId;
    }

    CompletableFuture<Void> publish(String topic, MqttMessage message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.add(new Pending(topic, message, done));
        drain();
        return done;
    }

    /** Opens as many publish slots as the broker's Receive Maximum (RFC: 65,535 when absent), once. */
    void openWindow(IMqttToken connectToken) {
        if (!windowOpened.compareAndSet(false, true)) {
            return;
        }
        MqttProperties connack = connectToken.getResponseProperties();
        Integer serverReceiveMaximum = connack == null ? null : connack.getReceiveMaximum();
        int size = serverReceiveMaximum == null ? 65_535 : serverReceiveMaximum;
        LOG.debug("MQTT {}: publish window {}", clientId, size);
        window.release(size);
        drain();
    }

    void drain() {
        while (!pending.isEmpty() && window.tryAcquire()) {
            Pending next = pending.poll();
            if (next == null) {
                window.release();
                return;
            }
            send(next);
        }
    }

    /** Fails every publish still waiting: the session is closed. */
    void failAll(MqttSessionException error) {
        Pending next;
        while ((next = pending.poll()) != null) {
            next.done().completeExceptionally(error);
        }
    }

    private void send(Pending publish) {
        try {
            client.publish(publish.topic(), publish.message(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    window.release();
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        // MQTT v5 PUBACK with an error reason, e.g. 0x87 not authorized by the broker's ACL.
                        publish.done().completeExceptionally(new MqttSessionException("the broker refused the publish"
                                + " to " + publish.topic() + " (reason code 0x" + Integer.toHexString(codes[0]) + ")"));
                    } else {
                        publish.done().complete(null);
                    }
                    drain();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    window.release();
                    publish.done().completeExceptionally(new MqttSessionException("publish to " + publish.topic()
                            + " failed: " + MqttFailures.describe(failure), failure));
                    drain();
                }
            });
        } catch (MqttException | RuntimeException e) {
            window.release();
            publish.done().completeExceptionally(new MqttSessionException("publish to " + publish.topic()
                    + " failed: " + MqttFailures.describe(e), e));
        }
    }
}
