package io.enrolgate.common.mqtt;

import io.enrolgate.common.config.ConfigException;
import io.enrolgate.common.config.ServiceConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a service connects to the broker. Sessions are persistent (clean start false, a session expiry),
 * so that QoS 1 messages queued while a client reconnects are delivered when it is back; the client id
 * must therefore be stable across restarts of one replica and unique among replicas.
 *
 * @param serverUri {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param clientId unique per replica and stable across its restarts
 * @param username empty for none
 * @param password empty for none; never shown by {@link #toString()}
 * @param sessionExpiry how long the broker keeps the session (and queues QoS 1 messages) after a disconnect
 * @param keepAlive MQTT keep alive
 * @param connectTimeout how long one connection attempt may take
 * @param maxReconnectDelay the ceiling of the automatic reconnect back-off
 * @param receiveMaximum how many unacknowledged QoS 1 deliveries the broker may have in flight to us:
 *     it bounds the work in progress of one replica
 * @param caFile PEM file of the CAs trusted for {@code ssl://}; empty for the JVM's default trust store
 * @param will the Will message, if any
 */
public record MqttSettings(
        String serverUri,
        String clientId,
        String username,
        String password,
        Duration sessionExpiry,
        Duration keepAlive,
        Duration connectTimeout,
        Duration maxReconnectDelay,
        int receiveMaximum,
        Optional<Path> caFile,
        Optional<MqttWill> will) {

    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(1);
    public static final int DEFAULT_RECEIVE_MAXIMUM = 64;

    public MqttSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        URI uri = URI.create(serverUri);
        if (!"tcp".equals(uri.getScheme()) && !"ssl".equals(uri.getScheme())) {
            throw new IllegalArgumentException("MQTT server URI '" + serverUri
                    + "': expected tcp://HOST:PORT or ssl://HOST:PORT");
        }
        if (clientId == null || clientId.isBlank() || clientId.length() > 128) {
            throw new IllegalArgumentException("MQTT client id must be 1..128 characters");
        }
        username = Objects.requireNonNullElse(username, "");
        password = Objects.requireNonNullElse(password, "");
        requirePositive("session expiry", sessionExpiry);
        requirePositive("keep alive", keepAlive);
        requirePositive("connect timeout", connectTimeout);
        requirePositive("maximum reconnect delay", maxReconnectDelay);
        if (receiveMaximum < 1 || receiveMaximum > 65535) {
            throw new IllegalArgumentException("MQTT receive maximum " + receiveMaximum + ": expected 1..65535");
        }
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(will, "will");
    }

    /** Anonymous, plain TCP, defaults everywhere else. */
    public static MqttSettings of(String serverUri, String clientId) {
        return new MqttSettings(serverUri, clientId, "", "", DEFAULT_SESSION_EXPIRY, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(10), DEFAULT_RECEIVE_MAXIMUM, Optional.empty(),
                Optional.empty());
    }

    /**
     * Reads the {@code mqtt} section: {@code server-uri} (required), {@code client-id} (default
     * {@code defaultClientId}), {@code username}, {@code password}, {@code session-expiry}, {@code keep-alive},
     * {@code connect-timeout}, {@code max-reconnect-delay}, {@code receive-maximum}, {@code tls.ca-file}.
     */
    public static MqttSettings fromConfig(ServiceConfig mqtt, String defaultClientId) {
        return fromConfig(mqtt, defaultClientId, DEFAULT_SESSION_EXPIRY);
    }

    /** As {@link #fromConfig(ServiceConfig, String)} with the service's own default session expiry. */
    public static MqttSettings fromConfig(ServiceConfig mqtt, String defaultClientId, Duration defaultSessionExpiry) {
        try {
            return new MqttSettings(
                    mqtt.required("server-uri"),
                    mqtt.string("client-id", defaultClientId),
                    mqtt.string("username", ""),
                    mqtt.string("password", ""),
                    mqtt.duration("session-expiry", defaultSessionExpiry),
                    mqtt.duration("keep-alive", Duration.ofSeconds(30)),
                    mqtt.duration("connect-timeout", Duration.ofSeconds(10)),
                    mqtt.duration("max-reconnect-delay", Duration.ofSeconds(10)),
                    mqtt.integer("receive-maximum", DEFAULT_RECEIVE_MAXIMUM, 1, 65535),
                    mqtt.path("tls.ca-file"),
                    Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("MQTT settings: " + e.getMessage(), e);
        }
    }

    public MqttSettings withClientId(String value) {
        return new MqttSettings(serverUri, value, username, password, sessionExpiry, keepAlive, connectTimeout,
                maxReconnectDelay, receiveMaximum, caFile, will);
    }

    public MqttSettings withCredentials(String user, String secret) {
        return new MqttSettings(serverUri, clientId, user, secret, sessionExpiry, keepAlive, connectTimeout,
                maxReconnectDelay, receiveMaximum, caFile, will);
    }

    public MqttSettings withWill(MqttWill value) {
        return new MqttSettings(serverUri, clientId, username, password, sessionExpiry, keepAlive, connectTimeout,
                maxReconnectDelay, receiveMaximum, caFile, Optional.of(value));
    }

    public MqttSettings withReceiveMaximum(int value) {
        return new MqttSettings(serverUri, clientId, username, password, sessionExpiry, keepAlive, connectTimeout,
                maxReconnectDelay, value, caFile, will);
    }

    public MqttSettings withMaxReconnectDelay(Duration value) {
        return new MqttSettings(serverUri, clientId, username, password, sessionExpiry, keepAlive, connectTimeout,
                value, receiveMaximum, caFile, will);
    }

    public MqttSettings withCaFile(Path value) {
        return new MqttSettings(serverUri, clientId, username, password, sessionExpiry, keepAlive, connectTimeout,
                maxReconnectDelay, receiveMaximum, Optional.of(value), will);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("MQTT " + name + " must be a positive duration");
        }
    }

    @Override
    public String toString() {
        return "MqttSettings[" + serverUri + ", clientId=" + clientId
                + (username.isEmpty() ? "" : ", username=" + username) + (password.isEmpty() ? "" : ", password=***")
                + ", sessionExpiry=" + sessionExpiry + ", receiveMaximum=" + receiveMaximum
                + caFile.map(f -> ", caFile=" + f).orElse("") + will.map(w -> ", will=" + w.topic()).orElse("") + "]";
    }
}
