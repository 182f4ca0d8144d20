package io.enrolgate.cli.serial;

import io.enrolgate.common.config.ConfigException;
import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.cli.UserInputException;
import io.enrolgate.cli.serve.RunUntilStopped;
import io.enrolgate.serialbridge.app.SerialBridgeApplication;
import io.enrolgate.serialbridge.app.SerialBridgeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code enrolgate serve serial-bridge --port PATH --mqtt URL [...]}: the gateway's UART on MQTT v5 (issue 5).
 * Every option is also a key of an optional {@code --config} properties file and of an {@code ENROLGATE_*}
 * environment variable ({@code SerialBridgeConfig}); an option given on the command line wins over both.
 */
@Command(
        name = "serial-bridge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the serial-bridge: the gateway's UART (HDLC-lite frames) on MQTT v5, one bridge per gateway.",
            "Ready (GET /health/ready) when the port is open, the gateway said HELLO and MQTT is connected;",
            "Prometheus metrics on /metrics. The MQTT password may come from ENROLGATE_MQTT_PASSWORD instead.",
            "The bridge logs in with --mqtt-username/--mqtt-password, or with a TLS client certificate",
            "(--mqtt-cert-file and --mqtt-key-file, ssl:// only) when the broker authenticates by certificate."
        })
public final class ServeSerialBridgeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PATH",
            description = "The gateway's serial port: /dev/ttyACM0, a /dev/serial/by-id/... link, a pseudo-terminal.")
    private String port;

    @Option(names = "--baud", paramLabel = "N", description = "Line speed, 8N1 (default 115200; 1000000 supported).")
    private Integer baud;

    @Option(names = "--mqtt", paramLabel = "URL", description = "The broker: tcp://HOST:1883 or ssl://HOST:8883.")
    private String mqtt;

    @Option(names = "--mqtt-username", paramLabel = "NAME", description = "MQTT user name.")
    private String username;

    @Option(names = "--mqtt-password", paramLabel = "SECRET", description = "MQTT password (or ENROLGATE_MQTT_PASSWORD).")
    private String password;

    @Option(names = "--mqtt-ca-file", paramLabel = "PEM", description = "CAs trusted for ssl:// (the broker's private CA).")
    private Path caFile;

    @Option(names = "--mqtt-cert-file", paramLabel = "PEM",
            description = "The bridge's TLS client certificate (chain), for a broker that requires one.")
    private Path certFile;

    @Option(names = "--mqtt-key-file", paramLabel = "PEM",
            description = "The private key of --mqtt-cert-file: PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted.")
    private Path keyFile;

    @Option(names = "--mqtt-client-id", paramLabel = "ID",
            description = "MQTT client id (default serial-bridge-<gateway IEEE>, stable per gateway).")
    private String clientId;

    @Option(names = "--response-timeout", paramLabel = "DURATION",
            description = "Publish a request again when unanswered this long (default 500ms).")
    private String responseTimeout;

    @Option(names = "--max-retries", paramLabel = "N", description = "At most this many times (default 2).")
    private Integer maxRetries;

    @Option(names = "--request-deadline", paramLabel = "DURATION",
            description = "Drop a request this old: its joiner has given up (default 1700ms).")
    private String requestDeadline;

    @Option(names = "--buffer-capacity", paramLabel = "N",
            description = "Requests held while the broker is unreachable (default 32).")
    private Integer bufferCapacity;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Health and metrics port (default 8082).")
    private Integer httpPort;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file with any of the keys of SerialBridgeConfig (serial.port, mqtt.server-uri...).")
    private Path config;

    @Override
    public Integer call() throws Exception {
        SerialBridgeConfig bridgeConfig = toConfig(System.getenv());
        System.err.printf("serial-bridge: gateway UART %s at %d baud, broker %s, health and metrics on port %d%n",
                bridgeConfig.serial().path(), bridgeConfig.serial().baudRate(), bridgeConfig.mqtt().serverUri(),
                bridgeConfig.httpPort());
        SerialBridgeApplication bridge;
        try {
            bridge = SerialBridgeApplication.start(bridgeConfig);
        } catch (IllegalStateException e) {
            throw new UserInputException(e.getMessage(), 1);
        }
        return RunUntilStopped.await("serial-bridge", bridge);
    }

    /** The configuration: the file, then the environment, then the command line, each winning over the previous. */
    SerialBridgeConfig toConfig(Map<String, String> environment) {
        Map<String, String> values = new HashMap<>(config == null ? Map.of() : load(config));
        Map<String, String> options = new HashMap<>();
        put(options, "serial.port", port);
        put(options, "serial.baud-rate", baud);
        put(options, "mqtt.server-uri", mqtt);
        put(options, "mqtt.username", username);
        put(options, "mqtt.password", password);
        put(options, "mqtt.tls.ca-file", caFile);
        put(options, "mqtt.tls.cert-file", certFile);
        put(options, "mqtt.tls.key-file", keyFile);
        put(options, "mqtt.client-id", clientId);
        put(options, "bridge.response-timeout", responseTimeout);
        put(options, "bridge.max-retries", maxRetries);
        put(options, "bridge.request-deadline", requestDeadline);
        put(options, "bridge.buffer-capacity", bufferCapacity);
        put(options, "http.port", httpPort);
        values.putAll(options);
        Map<String, String> env = new HashMap<>(environment);
        options.keySet().forEach(key -> env.remove(ServiceConfig.environmentVariable(key)));
        try {
            return SerialBridgeConfig.from(ServiceConfig.of(values, env));
        } catch (ConfigException e) {
            throw new UserInputException(e.getMessage().replace("'serial.port'", "--port (serial.port)")
                    .replace("'mqtt.server-uri'", "--mqtt (mqtt.server-uri)")
                    .replace("tls.cert-file and tls.key-file go together", "--mqtt-cert-file and --mqtt-key-file"
                            + " (mqtt.tls.cert-file, mqtt.tls.key-file) go together"));
        }
    }

    private static void put(Map<String, String> values, String key, Object value) {
        if (value != null) {
            values.put(key, value.toString());
        }
    }

    private static Map<String, String> load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserInputException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key.strip(), properties.getProperty(key).strip()));
        return values;
    }
}
