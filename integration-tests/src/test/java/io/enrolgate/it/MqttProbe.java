package io.enrolgate.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A bare MQTT v5 client for the test (Paho, no Enrolgate code): logs in as one broker user, subscribes and
 * publishes at QoS 1, and keeps what the broker said back — SUBACK and PUBACK reason codes, which is how a v5
 * broker tells a client that its ACL refused something — and every message it received.
 */
final class MqttProbe implements AutoCloseable {
    /** MQTT v5 reason code "Not authorized". */
    static final int NOT_AUTHORIZED = 0x87;
    private static final long WAIT_MILLIS = 10_000;

    /** A message this client received. */
    record Received(String topic, byte[] payload, MqttProperties properties) {
    }

    private final MqttAsyncClient client;
    private final List<Received> received = new ArrayList<>();
    private volatile Consumer<Received> listener = message -> { };

    private MqttProbe(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects (clean start) as {@code user}. */
    static MqttProbe connect(String serverUri, String clientId, String user, String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        MqttProbe probe = new MqttProbe(client);
        client.setCallback(probe.new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        client.connect(options).waitForCompletion(WAIT_MILLIS);
        return probe;
    }

    /** Calls {@code listener} for every message from now on (on Paho's callback thread). */
    void onMessage(Consumer<Received> value) {
        listener = value;
    }

    /** Subscribes at QoS 1; the SUBACK's reason code (0x01 granted QoS 1, 0x87 not authorized, ...). */
    int subscribe(String filter) throws MqttException {
        return reasonCode(client.subscribe(filter, 1));
    }

    void unsubscribe(String filter) throws MqttException {
        client.unsubscribe(filter).waitForCompletion(WAIT_MILLIS);
    }

    /** Publishes at QoS 1; the PUBACK's reason code (0x00 accepted, 0x10 no subscribers, 0x87 not authorized...). */
    int publish(String topic, byte[] payload, MqttProperties properties) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        message.setProperties(properties);
        return reasonCode(client.publish(topic, message));
    }

    /** Waits for the broker's answer; a refusal (reason code 0x80 and above) is returned, not thrown. */
    private static int reasonCode(IMqttToken token) throws MqttException {
        try {
            token.waitForCompletion(WAIT_MILLIS);
        } catch (MqttException e) {
            if (e.getReasonCode() >= 0x80) {
                return e.getReasonCode();
            }
            throw e;
        }
        return firstCode(token);
    }

    private static int firstCode(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    /** Everything received so far, in arrival order. */
    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The Paho client itself, for callers that publish without waiting (the load generator). */
    MqttAsyncClient client() {
        return client;
    }

    boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(WAIT_MILLIS);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close();
        } catch (MqttException e) {
            // nothing more to do
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Received copy = new Received(topic, Arrays.copyOf(message.getPayload(), message.getPayload().length),
                    message.getProperties());
            synchronized (received) {
                received.add(copy);
            }
            listener.accept(copy);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
