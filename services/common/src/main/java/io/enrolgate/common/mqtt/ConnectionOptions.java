package io.enrolgate.common.mqtt;

import java.nio.charset.StandardCharsets;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Paho's connect options for a session's settings: a persistent session (clean start false, session expiry),
 * automatic reconnect with a bounded back-off, credentials if any, the Will, and sockets with TCP_NODELAY.
 */
final class ConnectionOptions {
    private ConnectionOptions() {
    }

    static MqttConnectionOptions of(MqttSettings settings, SocketFactory sockets) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setServerURIs(new String[] {settings.serverUri()});
        options.setCleanStart(false);
        options.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, (int) Math.max(1, settings.maxReconnectDelay().toSeconds()));
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        options.setReceiveMaximum(settings.receiveMaximum());
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
        }
        if (!settings.password().isEmpty()) {
            options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        // TCP_NODELAY, plain or TLS: request/response in small packets must not wait for delayed ACKs.
        options.setSocketFactory(sockets);
        settings.will().ifPresent(will -> {
            MqttProperties properties = new MqttProperties();
            if (will.contentType() != null) {
                properties.setContentType(will.contentType());
            }
            options.setWillMessageProperties(properties);
            options.setWill(will.topic(), new MqttMessage(will.payload(), will.qos(), will.retained(), properties));
        });
        return options;
    }
}
