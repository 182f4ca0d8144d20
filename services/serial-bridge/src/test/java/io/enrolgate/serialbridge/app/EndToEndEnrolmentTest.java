package io.enrolgate.serialbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.serialbridge.core.BridgeSettings;
import io.enrolgate.serialbridge.support.BridgeRig;
import io.enrolgate.serialbridge.support.SimulatedDevice;
import io.enrolgate.testfixtures.CapturingAppender;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 acceptance: simulated devices enrol through the firmware's gateway simulator on a pseudo-terminal,
 * the serial-bridge on jSerialComm, a real Mosquitto and the real key-forge; each device installs the key that
 * key-forge sealed for provisioning.
 */
class EndToEndEnrolmentTest {
    private static final Duration DEVICES_DONE = Duration.ofSeconds(90);

    @TempDir
    java.nio.file.Path directory;
    private BridgeRig rig;

    @BeforeEach
    void setUp() {
        rig = BridgeRig.start(directory, BridgeSettings.DEFAULTS, Duration.ofMillis(1700));
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void devicesEnrolThroughTheBridgeAndInstallTheSealedKey() throws Exception {
        assertThat(BrokerRetained.status(rig)).contains("\"state\":\"online\"").contains("\"pan\":\"1a62\"")
                .contains("\"channel\":15").contains("\"firmware\":\"0.1.0\"");
        List<SimulatedDevice> devices = rig.newDevices(6);

        List<JsonObject> reports = rig.join(devices, Duration.ofSeconds(5)).await(DEVICES_DONE);

        rig.assertEnrolled(devices, reports);
        assertThat(rig.counter("enrolgate.bridge.eg.requests")).isEqualTo(devices.size());
        assertThat(rig.counter("enrolgate.bridge.eg.responses", "outcome", "forwarded")).isEqualTo(devices.size());
        assertThat(rig.counter("enrolgate.bridge.uart.frame.errors", "reason", "crc")).isZero();
        assertThat(rig.bridge().metrics().roundTripTimer().count()).isEqualTo(devices.size());
        JsonObject gateway = rig.gateway().stop();
        assertThat(gateway.getInteger("eg_requests")).isEqualTo(devices.size());
        assertThat(gateway.getInteger("eg_responses")).isEqualTo(devices.size());
        assertThat(gateway.getInteger("uart_fcs_errors")).isZero();
        assertThat(gateway.getInteger("uart_decode_errors")).isZero();
        assertNoKeyInLogs(reports);
    }

    @Test
    void servesHealthAndPrometheusMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + rig.bridge().httpPort();

        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getJsonObject("checks").getMap())
                .containsEntry("serial-port", "UP").containsEntry("gateway-hello", "UP").containsEntry("mqtt", "UP");
        assertThat(metrics.body()).contains("enrolgate_bridge_uart_frames_in_total{")
                .contains("enrolgate_bridge_uart_frame_errors_total{")
                .contains("reason=\"crc\"")
                .contains("enrolgate_bridge_eg_round_trip_seconds_bucket{")
                .contains("enrolgate_bridge_eg_drops_total{")
                .contains("enrolgate_bridge_ready{");

        rig.gateway().kill();
        rig.line.kill();
        io.enrolgate.serialbridge.support.Await.until(BridgeRig.WAIT, () -> !rig.bridge().isReady(), "not ready");
        HttpResponse<String> notReady = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(notReady.body()).getJsonObject("checks").getMap()).containsEntry("serial-port", "DOWN");
    }

    private static void assertNoKeyInLogs(List<JsonObject> reports) {
        List<String> lines = CapturingAppender.lines();
        assertThat(lines).isNotEmpty();
        for (JsonObject report : reports) {
            byte[] key = HexFormat.of().parseHex(report.getString("key"));
            String hex = HexFormat.of().formatHex(key);
            for (String needle : List.of(hex, hex.toUpperCase(Locale.ROOT), Base64.getEncoder().encodeToString(key))) {
                assertThat(lines).noneMatch(line -> line.contains(needle));
            }
        }
    }

    /** The gateway's retained status as a new subscriber sees it. */
    static final class BrokerRetained {
        static String status(BridgeRig rig) {
            return io.enrolgate.serialbridge.support.BrokerWatcher.retained(rig.broker.serverUri(),
                    EnrolgateTopics.status(BridgeRig.GATEWAY), Duration.ofSeconds(10)).orElse("(none)");
        }
    }
}
