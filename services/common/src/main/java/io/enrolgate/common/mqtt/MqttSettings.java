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
 * @param clientCertificate the certificate and key presented to a broker that authenticates clients by
 *     certificate ({@code require_certificate}); empty for none (user name and password then, if any)
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
        Optional<ClientCertificate> clientCertificate,
        Optional<MqttWill> will) {

    /** A client's TLS identity: PEM certificate (chain) and PEM private key, never shown by toString. */
    public record ClientCertificate(Path certificateFile, Path keyFile) {
        public ClientCertificate {
            Objects.requireNonNull(certificateFile, "certificateFile");
            Objects.requireNonNull(keyFile, "keyFile");
        }
    }

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
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        Objects.requireNonNull(will, "will");
    }

    /** Anonymous, plain TCP, defaults everywhere else. */
    public static MqttSettings of(String serverUri, String clientId) {
        return new MqttSettings(serverUri, clientId, "", "", DEFAULT_SESSION_EXPIRY, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(10), DEFAULT_RECEIVE_MAXIMUM, Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * Reads the {@code mqtt} section: {@code server-uri} (required), {@code client-id} (default
     * {@code defaultClientId}), {@code username}, {@code password}, {@code session-expiry}, {@code keep-alive},
     * {@code connect-timeout}, {@code max-reconnect-delay}, {@code receive-maximum}, {@code tls.ca-file}, and
     * {@code tls.cert-file} with {@code tls.key-file} (a client certificate; both or neither).
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
                    clientCertificate(mqtt.path("tls.cert-file"), mqtt.path("tls.key-file")),
                    Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("MQTT settings: " + e.getMessage(), e);
        }
    }

    private static Optional<ClientCertificate> clientCertificate(Optional<Path> certificate, Optional<Path> key) {
        if (certificate.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("tls.cert-file and tls.key-file go together: "
                    + (certificate.isPresent() ? "tls.key-file (the certificate's PEM private key) is missing"
                            : "tls.cert-file (the PEM certificate of tls.key-file) is missing"));
        }
        return certificate.map(c -> new ClientCertificate(c, key.orElseThrow()));
    }

    /**
     * Reads the CA, client certificate and key files as a connection would, so that a file that is missing, not
     * PEM, or a key that does not belong to its certificate fails at start, naming the file, rather than at the
     * first connection (a serial-bridge connects only once its gateway said HELLO).
     *
     * @throws IllegalArgumentException saying which file cannot be used and why
     */
    public void checkTlsFiles() {
        NoDelaySocketFactories.forBroker(serverUri, caFile, clientCertificate);
    }

    public MqttSettings withClientId(String value) {
        return new MqttSettings(serverUri, value, username, password, sessionExpiry, keepAlive, connectTimeout,
                maxReconnectDelay, receiveMaximum, caFile, clientCertificate, will);
    }

    public MqttSettings withCredentials(String user, String secret) {
        return new MqttSettings(serverUri, clientId, user, secret, sessionExpiry, keepAlive, connectTimeout,
                maxReconnectDelay, receiveMaximum, caFile, clientCertificate, will);
    }

    public MqttSettings withWill(MqttWill value) {
        return new MqttSettings(serverUri, clientId, username, password, sessionExpiry, keepAlive, connectTimeout,
                maxReconnectDelay, receiveMaximum, caFile, clientCertificate, Optional.of(value));
    }

    public MqttSettings withReceiveMaximum(int value) {
        return new MqttSettings(serverUri, clientId, username, password, sessionExpiry, keepAlive, connectTimeout,
                maxReconnectDelay, value, caFile, clientCertificate, will);
    }

    public MqttSettings withMaxReconnectDelay(Duration value) {
        return new MqttSettings(serverUri, clientId, username, password, sessionExpiry, keepAlive, connectTimeout,
                value, receiveMaximum, caFile, clientCertificate, will);
    }

    public MqttSettings withCaFile(Path value) {
        return new MqttSettings(serverUri, clientId, username, password, sessionExpiry, keepAlive, connectTimeout,
                maxReconnectDelay, receiveMaximum, Optional.of(value), clientCertificate, will);
    }

    public MqttSettings withClientCertificate(Path certificateFile, Path keyFile) {
        return new MqttSettings(serverUri, clientId, username, password, sessionExpiry, keepAlive, connectTimeout,
                maxReconnectDelay, receiveMaximum, caFile, Optional.of(new ClientCertificate(certificateFile, keyFile)), will);
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
                + caFile.map(f -> ", caFile=" + f).orElse("")
                + clientCertificate.map(c -> ", clientCertificate=" + c.certificateFile()).orElse("") + will.map(w -> ", will=" + w.topic()).orElse("") + "]";
    }
}
