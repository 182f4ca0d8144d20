package io.enrolgate.serialbridge.app;

import io.enrolgate.common.config.ConfigException;
import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.serialbridge.core.BridgeSettings;
import io.enrolgate.serialbridge.serial.SerialSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * The serial-bridge's configuration, bound from a {@link ServiceConfig} (properties file + {@code ENROLGATE_*}
 * environment overrides) or built by {@code enrolgate serve serial-bridge}. Keys:
 * <pre>
 * instance-id                 this bridge's name in metrics (default: the host name)
 * serial.port                 the gateway's UART: /dev/ttyACM0, /dev/serial/by-id/..., a pseudo-terminal (required)
 * serial.baud-rate            115200 (default) or 1000000; 8N1, no flow control
 * serial.reopen-initial       first wait before opening a lost port again (default 100ms), doubling up to
 * serial.reopen-max           (default 5s)
 * mqtt.server-uri             tcp://broker:1883 or ssl://broker:8883 (required); mqtt.* as in MqttSettings
 * mqtt.client-id              default serial-bridge-{gateway IEEE}, stable per gateway
 * bridge.response-timeout     publish a request again when unanswered this long (default 500ms)
 * bridge.max-retries          at most this many times (default 2)
 * bridge.request-deadline     drop a request this old: the joiner has given up (default 1700ms)
 * bridge.buffer-capacity      requests held while the broker is unreachable (default 32)
 * bridge.max-pending          requests in progress at most (default 256)
 * http.host / http.port       health and metrics (default 0.0.0.0:8082)
 * </pre>
 */
public record SerialBridgeConfig(
        String instanceId,
        SerialSettings serial,
        Duration reopenInitial,
        Duration reopenMax,
        MqttSettings mqtt,
        Optional<String> mqttClientId,
        BridgeSettings bridge,
        String httpHost,
        int httpPort) {

    public static final int DEFAULT_HTTP_PORT = 8082;
    /** Until the gateway says HELLO, the session has no client id of its own. */
    private static final String PLACEHOLDER_CLIENT_ID = "serial-bridge";

    public static SerialBridgeConfig from(ServiceConfig config) {
        try {
            BridgeSettings d = BridgeSettings.DEFAULTS;
            int bufferCapacity = config.integer("bridge.buffer-capacity", d.bufferCapacity(), 1, 10_000);
            return new SerialBridgeConfig(
                    config.string("instance-id", hostName()),
                    new SerialSettings(config.required("serial.port"),
                            config.integer("serial.baud-rate", SerialSettings.DEFAULT_BAUD_RATE, 1_200, 4_000_000)),
                    config.duration("serial.reopen-initial", Duration.ofMillis(100)),
                    config.duration("serial.reopen-max", Duration.ofSeconds(5)),
                    MqttSettings.fromConfig(config.sub("mqtt"), PLACEHOLDER_CLIENT_ID),
                    config.optional("mqtt.client-id"),
                    new BridgeSettings(
                            config.duration("bridge.response-timeout", d.responseTimeout()),
                            config.integer("bridge.max-retries", d.maxRetries(), 0, 100),
                            config.duration("bridge.request-deadline", d.requestDeadline()),
                            bufferCapacity,
                            config.integer("bridge.max-pending", Math.max(d.maxPending(), bufferCapacity), bufferCapacity,
                                    100_000)),
                    config.string("http.host", "0.0.0.0"),
                    config.integer("http.port", DEFAULT_HTTP_PORT, 0, 65535));
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    public SerialBridgeConfig withBridge(BridgeSettings value) {
        return new SerialBridgeConfig(instanceId, serial, reopenInitial, reopenMax, mqtt, mqttClientId, value, httpHost,
                httpPort);
    }

    public SerialBridgeConfig withMqtt(MqttSettings value) {
        return new SerialBridgeConfig(instanceId, serial, reopenInitial, reopenMax, value, mqttClientId, bridge, httpHost,
                httpPort);
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "serial-bridge";
        }
    }

    @Override
    public String toString() {
        return "SerialBridgeConfig[instance=" + instanceId + ", " + serial + ", " + mqtt + ", " + bridge + ", http="
                + httpHost + ":" + httpPort + "]";
    }
}
