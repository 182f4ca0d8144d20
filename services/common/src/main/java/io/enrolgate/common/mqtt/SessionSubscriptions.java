package io.enrolgate.common.mqtt;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A session's subscriptions: the filters and QoS it asked for, subscribed again on every (re)connect in case
 * the broker lost the session. A SUBACK with an error reason (e.g. 0x87, not authorized) fails the subscribe.
 */
final class SessionSubscriptions {
    private final MqttAsyncClient client;
    private final Map<String, Integer> qosByFilter = new ConcurrentHashMap<>();

    SessionSubscriptions(MqttAsyncClient client) {
        this.client = client;
    }

    /** Records the subscription; subscribes it now only when {@code connected}, else at the next connect. */
    CompletableFuture<Void> add(String filter, int qos, boolean connected) {
        qosByFilter.put(filter, qos);
        // Recorded before the check: a connect completing meanwhile subscribes it with the others.
        return connected ? subscribe(filter, qos) : CompletableFuture.completedFuture(null);
    }

    String[] filters() {
        return qosByFilter.keySet().toArray(String[]::new);
    }

    CompletableFuture<Void> subscribeAll() {
        return CompletableFuture.allOf(qosByFilter.entrySet().stream()
                .map(entry -> subscribe(entry.getKey(), entry.getValue()))
                .toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> subscribe(String filter, int qos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, qos)}, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        done.completeExceptionally(new MqttSessionException("the broker refused the subscription to "
                                + filter + " (reason code 0x" + Integer.toHexString(codes[0]) + ")"));
                    } else {
                        done.complete(null);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    done.completeExceptionally(new MqttSessionException("cannot subscribe to " + filter + ": "
                            + MqttFailures.describe(failure), failure));
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            done.completeExceptionally(new MqttSessionException("cannot subscribe to " + filter + ": "
                    + MqttFailures.describe(e), e));
        }
        return done;
    }
}
