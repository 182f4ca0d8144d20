package io.enrolgate.cli.serial;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.cli.CommandRun;
import io.enrolgate.serialbridge.app.SerialBridgeConfig;
import io.enrolgate.serialbridge.serial.SerialPortInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SerialCommandsTest {

    @Test
    void serialListRunsAndPrintsOneLinePerPort() {
        CommandRun run = CommandRun.of("serial", "list");

        assertThat(run.exitStatus()).isZero();
        int ports = SerialPortInfo.list().size();
        if (ports == 0) {
            assertThat(run.err()).contains("no serial ports found");
        } else {
            assertThat(run.out().lines()).hasSize(ports + 1).first().asString().startsWith("PORT");
        }
    }

    @Test
    void aUsbPortShowsItsVendorAndProduct() {
        SerialPortInfo port = new SerialPortInfo("/dev/ttyACM0", "J-Link - CDC", "SEGGER", 0x1366, 0x1015,
                "000683000000", "1-1.2");

        assertThat(SerialListCommand.line(port)).isEqualTo(
                "/dev/ttyACM0                 1366:1015  J-Link - CDC, SEGGER, serial 000683000000, at 1-1.2");
        assertThat(SerialListCommand.line(new SerialPortInfo("/dev/ttyS0", "", "", -1, -1, "", "")))
                .startsWith("/dev/ttyS0                   -");
    }

    @Test
    void serveSerialBridgeMapsItsOptionsOntoTheConfiguration() {
        ServeSerialBridgeCommand command = parse("--port", "/dev/serial/by-id/usb-nrf", "--baud", "1000000",
                "--mqtt", "ssl://broker:8883", "--mqtt-username", "bridge-1", "--mqtt-password", "s3cret",
                "--response-timeout", "300ms", "--max-retries", "3", "--request-deadline", "2s",
                "--buffer-capacity", "8", "--http-port", "0");

        SerialBridgeConfig config = command.toConfig(Map.of("ENROLGATE_MQTT_PASSWORD", "from-env",
                "ENROLGATE_SERIAL_BAUD_RATE", "9600"));

        assertThat(config.serial().path()).isEqualTo("/dev/serial/by-id/usb-nrf");
        assertThat(config.serial().baudRate()).as("the command line wins over the environment").isEqualTo(1_000_000);
        assertThat(config.mqtt().serverUri()).isEqualTo("ssl://broker:8883");
        assertThat(config.mqtt().username()).isEqualTo("bridge-1");
        assertThat(config.mqtt().password()).isEqualTo("s3cret");
        assertThat(config.bridge().responseTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(config.bridge().maxRetries()).isEqualTo(3);
        assertThat(config.bridge().requestDeadline()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.bridge().bufferCapacity()).isEqualTo(8);
        assertThat(config.httpPort()).isZero();
        assertThat(config.mqttClientId()).isEmpty();
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void theEnvironmentAndAFileFillWhatTheCommandLineLeavesOut(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("bridge.properties");
        Files.writeString(file, "serial.port=/dev/ttyACM1\nmqtt.server-uri=tcp://file:1883\nbridge.max-retries=1\n");

        SerialBridgeConfig config = parse("--config", file.toString(), "--mqtt", "tcp://cli:1883")
                .toConfig(Map.of("ENROLGATE_MQTT_PASSWORD", "from-env", "ENROLGATE_BRIDGE_MAX_RETRIES", "4"));

        assertThat(config.serial().path()).isEqualTo("/dev/ttyACM1");
        assertThat(config.serial().baudRate()).isEqualTo(115_200);
        assertThat(config.mqtt().serverUri()).isEqualTo("tcp://cli:1883");
        assertThat(config.mqtt().password()).isEqualTo("from-env");
        assertThat(config.bridge().maxRetries()).isEqualTo(4);
    }

    @Test
    void aClientCertificateReplacesTheUserNameAndPassword() {
        SerialBridgeConfig config = parse("--port", "/dev/ttyACM0", "--mqtt", "ssl://broker:8883", "--mqtt-ca-file",
                "/etc/enrolgate/tls/ca.crt", "--mqtt-cert-file", "/etc/enrolgate/tls/gw.crt", "--mqtt-key-file",
                "/etc/enrolgate/tls/gw.key").toConfig(Map.of());

        assertThat(config.mqtt().username()).isEmpty();
        assertThat(config.mqtt().password()).isEmpty();
        assertThat(config.mqtt().clientCertificate()).hasValueSatisfying(certificate -> {
            assertThat(certificate.certificateFile()).isEqualTo(Path.of("/etc/enrolgate/tls/gw.crt"));
            assertThat(certificate.keyFile()).isEqualTo(Path.of("/etc/enrolgate/tls/gw.key"));
        });
    }

    @Test
    void aCertificateWithoutItsKeyIsABadInput() {
        CommandRun run = CommandRun.of("serve", "serial-bridge", "--port", "/dev/ttyACM0", "--mqtt", "ssl://127.0.0.1:1",
                "--mqtt-cert-file", "/etc/enrolgate/tls/gw.crt");

        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("--mqtt-cert-file and --mqtt-key-file (mqtt.tls.cert-file, mqtt.tls.key-file)"
                + " go together: tls.key-file (the certificate's PEM private key) is missing");
    }

    @Test
    void aMissingCertificateFileFailsAtStartNamingIt(@TempDir Path directory) {
        Path missing = directory.resolve("gw.crt");
        CommandRun run = CommandRun.of("serve", "serial-bridge", "--port", directory.resolve("no-uart").toString(),
                "--mqtt", "ssl://127.0.0.1:1", "--mqtt-cert-file", missing.toString(), "--mqtt-key-file",
                directory.resolve("gw.key").toString(), "--http-port", "0");

        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("MQTT client certificate file (mqtt.tls.cert-file) " + missing
                + " does not exist or is not a file");
    }

    @Test
    void serveSerialBridgeWithoutAPortIsABadInput() {
        CommandRun run = CommandRun.of("serve", "serial-bridge", "--mqtt", "tcp://127.0.0.1:1");

        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("--port");
    }

    @Test
    void helpNamesTheOptionsOfTheIssue() {
        CommandRun run = CommandRun.of("serve", "serial-bridge", "--help");

        assertThat(run.exitStatus()).isZero();
        assertThat(run.out()).contains("--port", "--mqtt", "--mqtt-username", "--mqtt-password", "--baud",
                "--request-deadline", "--mqtt-ca-file", "--mqtt-cert-file", "--mqtt-key-file");
    }

    private static ServeSerialBridgeCommand parse(String... args) {
        ServeSerialBridgeCommand command = new ServeSerialBridgeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
