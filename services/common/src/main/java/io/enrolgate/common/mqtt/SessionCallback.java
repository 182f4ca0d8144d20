package io.enrolgate.common.mqtt;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paho's callback of one session: routes each delivery ({@link SubscriptionDispatcher}, because Paho 1.2.5 does
 * not call per-subscription listeners for shared subscriptions) and acknowledges a QoS 1 delivery only when its
 * handler's work completed normally, on the connection it came on; renews subscriptions and resumes publishing
 * after a reconnect. Runs on Paho's single callback thread, so it never blocks.
 */
final class SessionCallback implements MqttCallback {
    private static final Logger LOG = LoggerFactory.getLogger(SessionCallback.class);

    private final MqttAsyncClient client;
    private final String clientId;
    private final SessionState state;
    private final SubscriptionDispatcher dispatcher;
    private final SessionSubscriptions subscriptions;
    private final PublishQueue publishes;
    private final AtomicLong unroutedDeliveries = new AtomicLong();

    SessionCallback(MqttAsyncClient client, String clientId, SessionState state, SubscriptionDispatcher dispatcher,
            SessionSubscriptions subscriptions, PublishQueue publishes) {
        this.client = client;
        this.clientId = clientId;
        this.state = state;
        this.dispatcher = dispatcher;
        this.subscriptions = subscriptions;
        this.publishes = publishes;
    }

    long unroutedDeliveries() {
        return unroutedDeliveries.get();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        long epoch = state.epoch();
        var route = dispatcher.route(topic);
        if (route.isEmpty()) {
            unroutedDeliveries.incrementAndGet();
            LOG.debug("MQTT {}: no route for a delivery on {}; dropped", clientId, topic);
            acknowledge(message, epoch);
            return;
        }
        CompletionStage<?> work;
        try {
            work = route.get().getValue().handle(new InboundMessage(topic, message, route.get().getKey()));
        } catch (RuntimeException e) {
            // Paho disconnects when messageArrived throws: a bad handler must not cost the connection.
            LOG.error("MQTT {}: the handler of {} failed on a delivery on {}", clientId, route.get().getKey(), topic, e);
            acknowledge(message, epoch);
            return;
        }
        work.whenComplete((ignored, failure) -> {
            if (failure == null) {
                acknowledge(message, epoch);
            } else {
                // Left unacknowledged: the broker delivers it again when the session reconnects.
                LOG.warn("MQTT {}: handling a delivery on {} failed, left unacknowledged: {}", clientId, topic,
                        MqttFailures.describe(failure));
            }
        });
    }

    private void acknowledge(MqttMessage message, long epoch) {
        if (message.getQos() == 0 || state.closed()) {
            return;
        }
        if (epoch != state.epoch()) {
            // The connection it came on is gone: the broker will deliver it again on the new one.
            LOG.debug("MQTT {}: not acknowledging message {} of a previous connection", clientId, message.getId());
            return;
        }
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            LOG.debug("MQTT {}: cannot acknowledge message {}: {}", clientId, message.getId(), MqttFailures.describe(e));
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        state.connectionUp();
        LOG.info("MQTT {}: {} {}", clientId, reconnect ? "reconnected to" : "connected to", serverUri);
        if (reconnect) {
            // The broker may have lost the session (expired, restarted without persistence): subscribe again.
            subscriptions.subscribeAll().whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.warn("MQTT {}: {}", clientId, failure.getMessage());
                }
            });
            publishes.drain();
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        state.connectionDown();
        if (!state.closed()) {
            LOG.warn("MQTT {}: disconnected ({}); reconnecting", clientId, response.getException() == null
                    ? response.getReasonString() : MqttFailures.describe(response.getException()));
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.warn("MQTT {}: {}", clientId, MqttFailures.describe(exception));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // Completion is reported per publish through its listener.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // No enhanced authentication.
    }
}
