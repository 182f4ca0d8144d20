package io.enrolgate.serialbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.serialbridge.app.SerialBridgeConfig;
import io.enrolgate.serialbridge.app.SerialBridgeService;
import io.enrolgate.serialbridge.core.BridgeSettings;
import io.enrolgate.serialbridge.serial.SerialSettings;
import io.enrolgate.serialbridge.support.Await;
import io.enrolgate.serialbridge.support.EmulatedLineGateway;
import io.enrolgate.serialbridge.support.KeyForgeFixture;
import io.enrolgate.serialbridge.support.SimulatedDevice;
import io.enrolgate.serialbridge.support.SocatPty;
import io.enrolgate.serialbridge.support.UartFrames;
import io.enrolgate.testfixtures.MosquittoProcess;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's latency measurement, in one run: EG Requests at 10 and 100 enrolments/s on a line at 115200 and
 * 1,000,000 baud, through the serial-bridge (jSerialComm on a pseudo-terminal), a real Mosquitto and the real
 * key-forge (H2 registry). Two round trips per request:
 * <ul>
 *   <li>bridge: the request frame read complete from the UART → its response frame handed to the UART (what the
 *       bridge's {@code enrolgate.bridge.eg.round.trip} histogram measures);
 *   <li>gateway: the request's first bit leaves the gateway → the response's last bit arrives, with the line's
 *       speed emulated ({@link EmulatedLineGateway}): adds both frames' time on the wire and any queueing on it.
 * </ul>
 * Open loop: requests start on a fixed schedule whatever the responses do. Runs only with
 * {@code -Denrolgate.bench=true}; prints the table and writes it to {@code target/bench/bridge-latency.txt}.
 * Reports figures; asserts only that every request was answered.
 */
class BridgeLatencyBenchmark {
    private static final int[] BAUD_RATES = {115_200, 1_000_000};
    private static final int[] RATES = {10, 100};
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("enrolgate.bench.seconds", 20));
    private static final int WARM_UP = 100;
    private static final int DEVICES = 200;
    /** -Denrolgate.bench.responder=echo: an instant responder instead of key-forge, to see the bridge and broker alone. */
    private static final boolean ECHO = "echo".equals(System.getProperty("enrolgate.bench.responder"));

    @TempDir
    Path directory;

    @Test
    void roundTripLatencyAtTwoRatesAndTwoLineSpeeds() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("enrolgate.bench"), "benchmark: run with -Denrolgate.bench=true");
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "%-9s %-6s %-8s %-22s %-22s %s", "baud", "rate/s", "requests",
                "bridge p50/p99/max ms", "gateway p50/p99/max ms", "unanswered"));
        // The fixture's broker always sets TCP_NODELAY, as the deployed one does.
        try (MosquittoProcess broker = MosquittoProcess.startAnonymous()) {
            Vertx vertx = Vertx.vertx();
            AutoCloseable forge = ECHO ? EchoResponder.start(broker.serverUri()) : KeyForgeFixture.start(vertx, broker.serverUri());
            try {
                List<SimulatedDevice> devices = SimulatedDevice.make(0x000D6F00BE000001L, DEVICES);
                if (forge instanceof KeyForgeFixture keyForge) {
                    keyForge.register(devices);
                }
                for (int baud : BAUD_RATES) {
                    for (int rate : RATES) {
                        rows.add(measure(vertx, broker, devices, baud, rate));
                        System.out.println(rows.get(rows.size() - 1));
                    }
                }
            } finally {
                forge.close();
                vertx.close().await(10, TimeUnit.SECONDS);
            }
        }
        String table = String.join("\n", rows) + "\n";
        Path out = Path.of("target", "bench", "bridge-latency.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "serial-bridge round trip (" + (ECHO ? "echo responder" : "key-forge") + ", "
                + MEASURE.toSeconds() + " s per row, "
                + Runtime.getRuntime().availableProcessors() + " CPUs)\n" + table);
        System.out.println(table);
    }

    private String measure(Vertx vertx, MosquittoProcess broker, List<SimulatedDevice> devices, int baud, int rate)
            throws Exception {
        Path lineDirectory = Files.createTempDirectory(directory, "line-" + baud + "-" + rate);
        try (SocatPty line = SocatPty.started(lineDirectory);
                EmulatedLineGateway gateway = new EmulatedLineGateway(line.gatewayEnd(), UartFrames.GATEWAY, baud)) {
            SerialBridgeConfig config = new SerialBridgeConfig("bench", new SerialSettings(line.hostEnd().toString(), baud),
                    Duration.ofMillis(50), Duration.ofMillis(500),
                    MqttSettings.of(broker.serverUri(), "unused"), Optional.of("bench-" + baud + "-" + rate),
                    BridgeSettings.DEFAULTS, "127.0.0.1", 0);
            SerialBridgeService bridge = SerialBridgeService.start(vertx, config).await(30, TimeUnit.SECONDS);
            try {
                gateway.hello();
                Await.until(Duration.ofSeconds(30), bridge::isReady, "bridge ready");
                ConcurrentLinkedQueue<Long> bridgeNanos = new ConcurrentLinkedQueue<>();
                Map<String, Long> started = new ConcurrentHashMap<>();
                ConcurrentLinkedQueue<Long> gatewayNanos = new ConcurrentLinkedQueue<>();
                gateway.onResponse((EgResponse response, Long arrived) -> {
                    Long start = started.remove(HexFormat.of().formatHex(response.getRequestId().toByteArray()));
                    if (start != null && start >= 0) {
                        gatewayNanos.add(arrived - start);
                    }
                });
                run(gateway, devices, rate, WARM_UP, started, true);
                Await.until(Duration.ofSeconds(30), started::isEmpty, "warm-up answered");
                bridge.metrics().observeRoundTrips(bridgeNanos::add);
                int count = (int) (rate * MEASURE.toSeconds());
                run(gateway, devices, rate, count, started, false);
                Await.until(Duration.ofSeconds(30), () -> gatewayNanos.size() >= count, "all answered");
                bridge.metrics().observeRoundTrips(n -> { });
                assertThat(started).isEmpty();
                return String.format(Locale.ROOT, "%-9d %-6d %-8d %-22s %-22s %d", baud, rate, count,
                        percentiles(bridgeNanos), percentiles(gatewayNanos), started.size());
            } finally {
                bridge.stop().await(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Sends {@code count} requests starting every 1/rate s; warm-up ones are marked so they are not measured. */
    private static void run(EmulatedLineGateway gateway, List<SimulatedDevice> devices, int rate, int count,
            Map<String, Long> started, boolean warmUp) throws Exception {
        long period = 1_000_000_000L / rate;
        long t0 = System.nanoTime() + 10_000_000L;
        for (int i = 0; i < count; i++) {
            long start = t0 + i * period;
            byte[] id = UartFrames.requestId();
            SimulatedDevice device = devices.get(i % devices.size());
            EgRequest request = UartFrames.request(id, UartFrames.GATEWAY, device.ieee(), 0x0100 + i % 0xF000);
            long wait;
            while ((wait = start - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            started.put(HexFormat.of().formatHex(id), warmUp ? -1L : start);
            gateway.send(UartFrames.requestFrame(request), start);
        }
    }

    private static String percentiles(ConcurrentLinkedQueue<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f/%.1f/%.1f", millis(sorted, 0.50), millis(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double millis(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
