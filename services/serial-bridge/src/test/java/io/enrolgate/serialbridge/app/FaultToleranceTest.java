package io.enrolgate.serialbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.GatewayHello;
import io.enrolgate.proto.v1.UartMessageType;
import io.enrolgate.serialbridge.core.BridgeSettings;
import io.enrolgate.serialbridge.support.Await;
import io.enrolgate.serialbridge.support.BridgeRig;
import io.enrolgate.serialbridge.support.BrokerWatcher;
import io.enrolgate.serialbridge.support.DeviceSimProcess;
import io.enrolgate.serialbridge.support.SimulatedDevice;
import io.enrolgate.serialbridge.support.UartFrames;
import io.enrolgate.serialbridge.uart.FrameError;
import io.enrolgate.serialbridge.uart.FrameListener;
import io.enrolgate.serialbridge.uart.HdlcLiteDecoder;
import io.enrolgate.serialbridge.uart.HdlcLiteFramer;
import io.enrolgate.zigbee.crypto.Crc16X25;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 fault tests, all against the real parts of {@link BridgeRig}: the line killed and recreated, the broker
 * stopped and restarted, garbage on the line, the bridge itself crashing. The bridge recovers, enrolments within
 * their deadline complete, nothing crashes, and the counters say what was dropped.
 */
class FaultToleranceTest {
    private static final Duration DEVICES_DONE = Duration.ofSeconds(90);

    @TempDir
    Path directory;
    private BridgeRig rig;

    @AfterEach
    void tearDown() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theLineKilledAndRecreatedGoesOfflineThenOnlineAndEnrolmentsResume() {
        rig = BridgeRig.start(directory, BridgeSettings.DEFAULTS, Duration.ofMillis(1700));
        List<SimulatedDevice> before = rig.newDevices(2);
        rig.assertEnrolled(before, rig.join(before, Duration.ofSeconds(5)).await(DEVICES_DONE));

        // The gateway loses power and its USB serial device disappears.
        rig.gateway().kill();
        rig.line.kill();
        Await.until(BridgeRig.WAIT, () -> rig.watcher.lastStatusIs("offline"), () -> "offline: " + rig.watcher.statuses());
        assertThat(rig.bridge().isReady()).isFalse();
        assertThat(retainedStatus()).contains("\"state\":\"offline\"");

        // It comes back behind the same path; the bridge reopens it by itself and the gateway says HELLO.
        rig.line.start();
        rig.startGateway();
        Await.until(BridgeRig.WAIT, () -> rig.bridge().isReady(), "ready again");
        Await.until(BridgeRig.WAIT, () -> rig.watcher.lastStatusIs("online"), () -> "online: " + rig.watcher.statuses());
        assertThat(retainedStatus()).contains("\"state\":\"online\"");

        List<SimulatedDevice> after = rig.newDevices(3);
        rig.assertEnrolled(after, rig.join(after, Duration.ofSeconds(5)).await(DEVICES_DONE));
        assertThat(rig.counter("enrolgate.bridge.serial.losses")).isGreaterThanOrEqualTo(1);
        assertThat(rig.counter("enrolgate.bridge.serial.opens")).isGreaterThanOrEqualTo(2);
        assertThat(rig.counter("enrolgate.bridge.eg.responses", "outcome", "forwarded")).isEqualTo(5);
    }

    @Test
    void requestsMadeWhileTheBrokerIsDownAreHeldAndCompleteWithinTheirDeadline() {
        // A generous joiner deadline, so that a broker restart fits in it: 10 s at the gateway, the bridge and the device.
        Duration deadline = Duration.ofSeconds(10);
        rig = BridgeRig.start(directory, BridgeSettings.DEFAULTS.withRequestDeadline(deadline), deadline);
        List<SimulatedDevice> devices = rig.newDevices(4);

        rig.broker.stop();
        Await.until(BridgeRig.WAIT, () -> !rig.bridge().isReady(), "bridge sees the broker gone");
        DeviceSimProcess joining = rig.join(devices, deadline.plusSeconds(2));
        Await.until(BridgeRig.WAIT, () -> rig.bridge().bridge().heldRequests() == devices.size(),
                () -> "requests held: " + rig.bridge().bridge());
        assertThat(rig.counter("enrolgate.bridge.eg.publishes")).isZero();
        rig.broker.start();

        List<JsonObject> reports = joining.await(DEVICES_DONE);
        rig.assertEnrolled(devices, reports);
        assertThat(rig.counter("enrolgate.bridge.eg.drops", "reason", "deadline")).isZero();
        assertThat(rig.counter("enrolgate.bridge.eg.drops", "reason", "buffer_full")).isZero();
        assertThat(rig.counter("enrolgate.bridge.eg.responses", "outcome", "forwarded")).isEqualTo(devices.size());
        Await.until(BridgeRig.WAIT, () -> rig.bridge().isReady(), "ready after the restart");
        assertThat(retainedStatus()).contains("\"state\":\"online\"");
    }

    @Test
    void requestsOlderThanTheDeadlineAreDroppedNotQueuedForever() {
        rig = BridgeRig.start(directory, BridgeSettings.DEFAULTS, Duration.ofMillis(1700));
        List<SimulatedDevice> devices = rig.newDevices(2);

        rig.broker.stop();
        Await.until(BridgeRig.WAIT, () -> !rig.bridge().isReady(), "bridge sees the broker gone");
        List<JsonObject> reports = rig.join(devices, Duration.ofSeconds(3)).await(DEVICES_DONE);
        Await.until(BridgeRig.WAIT, () -> rig.counter("enrolgate.bridge.eg.drops", "reason", "deadline") == devices.size(),
                () -> "deadline drops: " + rig.bridge().bridge());
        rig.broker.start();
        Await.until(BridgeRig.WAIT, () -> rig.bridge().isReady(), "ready after the restart");

        assertThat(reports).allSatisfy(r -> assertThat(r.getString("outcome")).isEqualTo("key_timeout"));
        assertThat(rig.bridge().bridge().pendingRequests()).isZero();
        assertThat(rig.counter("enrolgate.bridge.eg.publishes")).as("nothing stale published after the outage").isZero();
    }

    @Test
    void garbageOnTheLineIsCountedAndDroppedWhileDevicesEnrol() throws Exception {
        rig = BridgeRig.start(directory, BridgeSettings.DEFAULTS, Duration.ofMillis(1700));
        List<SimulatedDevice> devices = rig.newDevices(5);
        Noise noise = new Noise(new Random(20260105));
        AtomicBoolean stop = new AtomicBoolean();
        List<byte[]> sent = new ArrayList<>();
        // A second writer on the gateway's end of the line: a noisy cable between the gateway and the host.
        Thread writer = new Thread(() -> {
            try (FileOutputStream line = new FileOutputStream(rig.line.gatewayEnd().toFile())) {
                while (!stop.get()) {
                    byte[] chunk = noise.next();
                    line.write(chunk);
                    line.flush();
                    synchronized (sent) {
                        sent.add(chunk);
                    }
                    Thread.sleep(15);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "line-noise");
        writer.start();

        List<JsonObject> reports = rig.join(devices, Duration.ofSeconds(5)).await(DEVICES_DONE);
        Await.until(BridgeRig.WAIT, () -> {
            synchronized (sent) {
                return sent.size() >= 20 * Noise.KINDS;
            }
        }, "enough noise sent");
        stop.set(true);
        writer.join(10_000);

        rig.assertEnrolled(devices, reports);
        Map<FrameError, Integer> expected;
        int unknownTypes;
        synchronized (sent) {
            expected = Noise.errorsIn(sent);
            unknownTypes = sent.size() / Noise.KINDS;
        }
        assertThat(expected.get(FrameError.CRC_MISMATCH)).isGreaterThanOrEqualTo(20);
        Await.until(Duration.ofSeconds(5), () -> rig.counter("enrolgate.bridge.uart.frame.errors", "reason", "crc")
                >= expected.get(FrameError.CRC_MISMATCH), "every bad frame read");
        assertThat(rig.counter("enrolgate.bridge.uart.frame.errors", "reason", "crc"))
                .isEqualTo(expected.get(FrameError.CRC_MISMATCH).doubleValue());
        assertThat(rig.counter("enrolgate.bridge.uart.frame.errors", "reason", "oversized"))
                .isEqualTo(expected.getOrDefault(FrameError.OVERSIZED, 0).doubleValue());
        assertThat(rig.counter("enrolgate.bridge.uart.frame.errors", "reason", "too_short"))
                .isEqualTo(expected.getOrDefault(FrameError.TOO_SHORT, 0).doubleValue());
        assertThat(rig.counter("enrolgate.bridge.uart.frame.errors", "reason", "unknown_type")).isBetween(
                (double) unknownTypes, unknownTypes + 1.0);
        assertThat(rig.counter("enrolgate.bridge.uart.frame.errors", "reason", "malformed")).isBetween(
                (double) unknownTypes, unknownTypes + 1.0);
        assertThat(rig.counter("enrolgate.bridge.eg.responses", "outcome", "forwarded")).isEqualTo(devices.size());
        assertThat(rig.bridge().isReady()).isTrue();
    }

    @Test
    void aCrashedBridgeIsReportedOfflineByItsWill() {
        rig = BridgeRig.start(directory, BridgeSettings.DEFAULTS, Duration.ofMillis(1700));
        Await.until(BridgeRig.WAIT, () -> rig.watcher.lastStatusIs("online"), "online");

        rig.bridge().crash();

        Await.until(BridgeRig.WAIT, () -> rig.watcher.lastStatusIs("offline"), () -> "Will: " + rig.watcher.statuses());
        assertThat(retainedStatus()).isEqualTo("{\"state\":\"offline\",\"gateway\":\"00124b0001020304\","
                + "\"firmware\":\"0.1.0\",\"pan\":\"1a62\",\"channel\":15}");
    }

    @Test
    void aStoppedBridgeSaysOffline() throws Exception {
        rig = BridgeRig.start(directory, BridgeSettings.DEFAULTS, Duration.ofMillis(1700));
        Await.until(BridgeRig.WAIT, () -> rig.watcher.lastStatusIs("online"), "online");

        rig.bridge().stop().await(30, java.util.concurrent.TimeUnit.SECONDS);

        Await.until(BridgeRig.WAIT, () -> rig.watcher.lastStatusIs("offline"), () -> "statuses: " + rig.watcher.statuses());
        assertThat(retainedStatus()).contains("\"state\":\"offline\"");
    }

    private String retainedStatus() {
        return BrokerWatcher.retained(rig.broker.serverUri(), EnrolgateTopics.status(BridgeRig.GATEWAY), Duration.ofSeconds(10))
                .orElse("(none)");
    }

    /**
     * Garbage a broken cable or a confused peer puts on the line. Every chunk starts and ends with a flag, so it
     * decodes the same wherever it lands between the gateway's frames (writes to a pseudo-terminal are atomic).
     */
    static final class Noise {
        static final int KINDS = 5;
        private final Random random;
        private int turn;

        Noise(Random random) {
            this.random = random;
        }

        byte[] next() {
            return switch (turn++ % KINDS) {
                case 0 -> randomBytes(50 + random.nextInt(200));
                case 1 -> badCrcFrame();
                case 2 -> oversized();
                case 3 -> withGoodFcs(new byte[] {(byte) (7 + random.nextInt(100)), 1, 2, 3}); // unknown type
                default -> withGoodFcs(new byte[] {0x02, 0x0A, 0x7F}); // EG_REQUEST that does not decode
            };
        }

        /** What the decoder reports for these chunks, each decoded on its own. */
        static Map<FrameError, Integer> errorsIn(List<byte[]> chunks) {
            Map<FrameError, Integer> counts = new EnumMap<>(FrameError.class);
            for (byte[] chunk : chunks) {
                new HdlcLiteDecoder().push(chunk, new FrameListener() {
                    @Override
                    public void onFrame(byte[] payload) {
                    }

                    @Override
                    public void onFrameError(FrameError error) {
                        counts.merge(error, 1, Integer::sum);
                    }
                });
            }
            return counts;
        }

        private byte[] randomBytes(int length) {
            byte[] body = new byte[length];
            random.nextBytes(body);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0x7E);
            for (byte b : body) {
                // Flags only where this chunk puts them, so its decoding does not depend on chance CRC matches.
                out.write(b == 0x7E ? 0x7C : b);
            }
            out.write(0x7E);
            return out.toByteArray();
        }

        private byte[] badCrcFrame() {
            EgRequest request = UartFrames.request(UartFrames.requestId(), BridgeRig.GATEWAY,
                    new io.enrolgate.zigbee.IeeeAddress(0x000D6F00DEAD0000L), 0x1234);
            byte[] payload = io.enrolgate.serialbridge.uart.UartMessageCodec.encode(
                    UartMessageType.UART_MESSAGE_TYPE_EG_REQUEST, request);
            int fcs = Crc16X25.compute(payload) ^ (1 + random.nextInt(0xFFFF));
            byte[] body = java.util.Arrays.copyOf(payload, payload.length + 2);
            body[payload.length] = (byte) fcs;
            body[payload.length + 1] = (byte) (fcs >>> 8);
            return escapeAndFlag(body);
        }

        private byte[] oversized() {
            GatewayHello hello = UartFrames.hello(new io.enrolgate.zigbee.IeeeAddress(0x1111111111111111L)).toBuilder()
                    .setFirmwareVersion("x".repeat(HdlcLiteFramer.MAX_PAYLOAD)).build();
            byte[] payload = io.enrolgate.serialbridge.uart.UartMessageCodec.encode(
                    UartMessageType.UART_MESSAGE_TYPE_HELLO, hello);
            int fcs = Crc16X25.compute(payload);
            byte[] body = java.util.Arrays.copyOf(payload, payload.length + 2);
            body[payload.length] = (byte) fcs;
            body[payload.length + 1] = (byte) (fcs >>> 8);
            return escapeAndFlag(body);
        }

        private static byte[] withGoodFcs(byte[] payload) {
            try {
                return HdlcLiteFramer.encode(payload);
            } catch (io.enrolgate.serialbridge.uart.FrameTooLongException e) {
                throw new IllegalArgumentException(e);
            }
        }

        private static byte[] escapeAndFlag(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0x7E);
            for (byte b : body) {
                if (b == 0x7E || b == 0x7D) {
                    out.write(0x7D);
                    out.write(b ^ 0x20);
                } else {
                    out.write(b);
                }
            }
            out.write(0x7E);
            return out.toByteArray();
        }
    }
}
