package io.enrolgate.serialbridge.core;

import static io.enrolgate.serialbridge.support.UartFrames.GATEWAY;
import static io.enrolgate.serialbridge.support.UartFrames.helloFrame;
import static io.enrolgate.serialbridge.support.UartFrames.request;
import static io.enrolgate.serialbridge.support.UartFrames.requestFrame;
import static io.enrolgate.serialbridge.support.UartFrames.requestId;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.proto.v1.GatewayHello;
import io.enrolgate.proto.v1.GatewayLog;
import io.enrolgate.proto.v1.Rejection;
import io.enrolgate.proto.v1.UartMessageType;
import io.enrolgate.serialbridge.support.UartFrames;
import io.enrolgate.serialbridge.uart.HdlcLiteFramer;
import io.enrolgate.serialbridge.uart.UartMessage;
import io.enrolgate.zigbee.IeeeAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge's logic with a broker and a UART in memory and a hand-driven clock: no threads, no network. */
class SerialBridgeTest {
    private static final IeeeAddress DEVICE = IeeeAddress.parse("000d6f0000e60001");
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final BridgeSettings SETTINGS = new BridgeSettings(Duration.ofMillis(500), 2, Duration.ofMillis(1700), 4, 16);

    private final FakeBroker broker = new FakeBroker();
    private final FakeUart uart = new FakeUart();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private SerialBridge bridge;

    @BeforeEach
    void setUp() {
        bridge = new SerialBridge(SETTINGS, broker, uart, new BridgeMetrics(registry), Clock.fixed(NOW, ZoneOffset.UTC),
                nanos::get, new Random(7));
    }

    @Test
    void asksForHelloWhenThePortOpens() {
        bridge.onPortOpened();

        assertThat(written()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(UartMessageType.UART_MESSAGE_TYPE_HELLO);
            assertThat(m.body()).isEqualTo(GatewayHello.getDefaultInstance());
        });
        assertThat(bridge.isReady()).isFalse();
    }

    @Test
    void helloAttachesTheGatewayAndPublishesItOnline() {
        bridge.onPortOpened();
        line(helloFrame(GATEWAY));

        assertThat(broker.attached).extracting(GatewayIdentity::ieee).containsExactly(GATEWAY);
        assertThat(broker.lastStatus().gateway()).isEqualTo(GATEWAY);
        assertThat(broker.lastStatus().json()).isEqualTo(
                "{\"state\":\"online\",\"gateway\":\"00124b0001020304\",\"firmware\":\"0.1.0\",\"pan\":\"1a62\",\"channel\":15}");
        assertThat(bridge.isReady()).isTrue();
        assertThat(counter("enrolgate.bridge.uart.frames.in", "type", "hello")).isEqualTo(1);
    }

    @Test
    void publishesAnEgRequestWithItsIdAsCorrelationDataAndTheReadTime() throws Exception {
        online();
        byte[] id = requestId();
        line(requestFrame(request(id, GATEWAY, DEVICE, 0x4F21)));

        assertThat(broker.requests).singleElement().satisfies(r -> {
            assertThat(r.gateway()).isEqualTo(GATEWAY);
            assertThat(r.correlation()).isEqualTo(id);
            EgRequest published = EgRequest.parseFrom(r.payload());
            assertThat(published.getRequestId().toByteArray()).isEqualTo(id);
            assertThat(published.getDeviceIeee()).isEqualTo(DEVICE.value());
            assertThat(published.getReceivedUnixMs()).isEqualTo(NOW.toEpochMilli());
        });
        assertThat(counter("enrolgate.bridge.eg.requests")).isEqualTo(1);
        assertThat(bridge.pendingRequests()).isEqualTo(1);
    }

    @Test
    void forwardsTheResponseOnceAndTimesTheRoundTrip() throws Exception {
        online();
        byte[] id = requestId();
        line(requestFrame(request(id, GATEWAY, DEVICE, 0x4F21)));
        EgResponse response = EgResponse.newBuilder().setRequestId(ByteString.copyFrom(id))
                .setNwkFrame(ByteString.copyFrom(new byte[70])).setDeviceIeee(DEVICE.value()).setDeviceShort(0x4F21).build();
        nanos.addAndGet(Duration.ofMillis(12).toNanos());

        broker.listener.onResponse(response.toByteArray(), id);
        broker.listener.onResponse(response.toByteArray(), id);

        List<UartMessage> sent = written();
        assertThat(sent).extracting(UartMessage::type).containsExactly(UartMessageType.UART_MESSAGE_TYPE_HELLO,
                UartMessageType.UART_MESSAGE_TYPE_EG_RESPONSE);
        assertThat(sent.get(1).body()).isEqualTo(response);
        assertThat(counter("enrolgate.bridge.eg.responses", "outcome", "forwarded")).isEqualTo(1);
        assertThat(counter("enrolgate.bridge.eg.responses", "outcome", "unmatched")).isEqualTo(1);
        assertThat(registry.get("enrolgate.bridge.eg.round.trip").timer().count()).isEqualTo(1);
        assertThat(registry.get("enrolgate.bridge.eg.round.trip").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(12.0);
        assertThat(bridge.pendingRequests()).isZero();
    }

    @Test
    void matchesAResponseWithoutCorrelationDataByItsRequestId() {
        online();
        byte[] id = requestId();
        line(requestFrame(request(id, GATEWAY, DEVICE, 1)));

        broker.listener.onResponse(EgResponse.newBuilder().setRequestId(ByteString.copyFrom(id))
                .setRejection(Rejection.newBuilder().setCode(Rejection.Code.UNKNOWN_DEVICE)).build().toByteArray(), null);

        assertThat(counter("enrolgate.bridge.eg.responses", "outcome", "forwarded")).isEqualTo(1);
    }

    @Test
    void refusesResponsesThatDoNotDecodeOrContradictTheirCorrelationData() {
        online();
        byte[] id = requestId();
        line(requestFrame(request(id, GATEWAY, DEVICE, 1)));

        broker.listener.onResponse(new byte[] {0x0A, 0x7F}, id);
        broker.listener.onResponse(EgResponse.newBuilder().setRequestId(ByteString.copyFrom(requestId())).build()
                .toByteArray(), id);

        assertThat(counter("enrolgate.bridge.eg.responses", "outcome", "invalid")).isEqualTo(2);
        assertThat(bridge.pendingRequests()).isEqualTo(1);
    }

    @Test
    void republishesTheSameRequestIdWhenUnansweredThenDropsItAtTheDeadline() {
        online();
        byte[] id = requestId();
        line(requestFrame(request(id, GATEWAY, DEVICE, 1)));

        advance(499);
        assertThat(broker.requests).hasSize(1);
        advance(1); // 500 ms: first retry
        advance(500); // 1000 ms: second retry
        advance(500); // 1500 ms: no third (max 2 retries)
        assertThat(broker.requests).hasSize(3).allSatisfy(r -> assertThat(r.correlation()).isEqualTo(id));
        assertThat(broker.requests.get(0).payload()).isEqualTo(broker.requests.get(2).payload());
        assertThat(counter("enrolgate.bridge.eg.retries")).isEqualTo(2);

        advance(199);
        assertThat(bridge.pendingRequests()).isEqualTo(1);
        advance(1); // 1700 ms: the joiner has given up
        assertThat(bridge.pendingRequests()).isZero();
        assertThat(counter("enrolgate.bridge.eg.drops", "reason", "deadline")).isEqualTo(1);
    }

    @Test
    void holdsRequestsDuringABrokerOutageAndSendsThoseStillInTimeOnReconnect() {
        online();
        broker.connected = false;
        bridge.tick();
        byte[] old = requestId();
        line(requestFrame(request(old, GATEWAY, DEVICE, 1)));
        advance(1000);
        byte[] recent = requestId();
        line(requestFrame(request(recent, GATEWAY, DEVICE, 2)));
        assertThat(broker.requests).isEmpty();
        assertThat(bridge.heldRequests()).isEqualTo(2);

        advance(800); // the first is now 1.8 s old: past the deadline
        int statusesBefore = broker.statuses.size();
        broker.connected = true;
        bridge.tick();

        assertThat(broker.requests).singleElement().satisfies(r -> assertThat(r.correlation()).isEqualTo(recent));
        assertThat(counter("enrolgate.bridge.eg.drops", "reason", "deadline")).isEqualTo(1);
        assertThat(broker.statuses).as("status said again after the outage").hasSize(statusesBefore + 1);
        assertThat(broker.lastStatus().json()).contains("\"state\":\"online\"");
    }

    @Test
    void theOutageBufferIsBoundedAndDropsTheOldestFirst() {
        online();
        broker.connected = false;
        bridge.tick();
        byte[][] ids = new byte[6][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = requestId();
            line(requestFrame(request(ids[i], GATEWAY, DEVICE, i + 1)));
        }
        assertThat(bridge.heldRequests()).isEqualTo(4);
        assertThat(counter("enrolgate.bridge.eg.drops", "reason", "buffer_full")).isEqualTo(2);

        broker.connected = true;
        bridge.tick();
        assertThat(broker.requests).extracting(r -> ByteString.copyFrom(r.correlation()))
                .containsExactly(ByteString.copyFrom(ids[2]), ByteString.copyFrom(ids[3]), ByteString.copyFrom(ids[4]),
                        ByteString.copyFrom(ids[5]));
    }

    @Test
    void aRequestWhosePublishFailedIsPublishedAgain() {
        online();
        broker.failPublishes = true;
        line(requestFrame(request(requestId(), GATEWAY, DEVICE, 1)));
        assertThat(bridge.heldRequests()).isEqualTo(1);

        broker.failPublishes = false;
        bridge.tick();
        assertThat(broker.requests).hasSize(2);
        assertThat(bridge.heldRequests()).isZero();
    }

    @Test
    void retriesDueDuringAnOutageWaitForTheBroker() {
        online();
        line(requestFrame(request(requestId(), GATEWAY, DEVICE, 1)));
        broker.connected = false;
        advance(600);
        assertThat(broker.requests).hasSize(1);
        assertThat(bridge.heldRequests()).isEqualTo(1);

        broker.connected = true;
        advance(20);
        assertThat(broker.requests).hasSize(2);
        assertThat(counter("enrolgate.bridge.eg.retries")).isEqualTo(1);
    }

    @Test
    void requestsBeforeTheFirstHelloWaitForIt() {
        bridge.onPortOpened();
        line(requestFrame(request(requestId(), GATEWAY, DEVICE, 1)));
        line(requestFrame(request(requestId(), IeeeAddress.parse("1111111111111111"), DEVICE, 2)));
        assertThat(broker.requests).isEmpty();

        line(helloFrame(GATEWAY));

        assertThat(broker.requests).singleElement().satisfies(r -> assertThat(r.gateway()).isEqualTo(GATEWAY));
        assertThat(counter("enrolgate.bridge.eg.drops", "reason", "foreign_gateway")).isEqualTo(1);
    }

    @Test
    void portLossPublishesOfflineAndTheNextHelloOnline() {
        online();
        bridge.onPortClosed();

        assertThat(broker.lastStatus().json()).startsWith("{\"state\":\"offline\",\"gateway\":\"00124b0001020304\"");
        assertThat(bridge.isReady()).isFalse();
        assertThat(bridge.isPortOpen()).isFalse();

        bridge.onPortOpened();
        assertThat(bridge.isReady()).isFalse();
        line(helloFrame(GATEWAY));
        assertThat(broker.lastStatus().json()).contains("\"state\":\"online\"");
        assertThat(bridge.isReady()).isTrue();
        assertThat(broker.attached).hasSize(1);
    }

    @Test
    void aResponseWhileThePortIsClosedIsCountedAsDropped() {
        online();
        byte[] id = requestId();
        line(requestFrame(request(id, GATEWAY, DEVICE, 1)));
        bridge.onPortClosed();

        broker.listener.onResponse(EgResponse.newBuilder().setRequestId(ByteString.copyFrom(id)).build().toByteArray(), id);

        assertThat(counter("enrolgate.bridge.eg.drops", "reason", "uart_unavailable")).isEqualTo(1);
    }

    @Test
    void badFramesAreCountedAndTheLineKeepsWorking() {
        online();
        byte[] badCrc = requestFrame(request(requestId(), GATEWAY, DEVICE, 1));
        badCrc[5] ^= 0x40;
        byte[] oversized = new byte[HdlcLiteFramer.MAX_PAYLOAD + 50];
        Arrays.fill(oversized, (byte) 0x33);
        oversized[0] = 0x7E;
        byte[] noise = new byte[500];
        new Random(1).nextBytes(noise);

        line(badCrc);
        line(oversized);
        line(noise);
        line(UartFrames.frame(UartMessageType.UART_MESSAGE_TYPE_EG_RESPONSE, EgResponse.getDefaultInstance()));
        line(UartFrames.frame(UartMessageType.UART_MESSAGE_TYPE_RELAY_UP, io.enrolgate.proto.v1.RelayFrame.getDefaultInstance()));
        line(framed(new byte[] {0x09})); // unknown type 9
        line(framed(new byte[] {0x02, 0x0A, 0x20})); // an EG_REQUEST that does not decode
        line(UartFrames.frame(UartMessageType.UART_MESSAGE_TYPE_LOG, GatewayLog.newBuilder()
                .setLevel(GatewayLog.Level.LEVEL_WARNING).setMessage("radio \u0007noise").build()));
        byte[] id = requestId();
        line(requestFrame(request(id, GATEWAY, DEVICE, 2)));

        assertThat(counter("enrolgate.bridge.uart.frame.errors", "reason", "crc")).isGreaterThanOrEqualTo(1);
        assertThat(counter("enrolgate.bridge.uart.frame.errors", "reason", "oversized")).isGreaterThanOrEqualTo(1);
        assertThat(counter("enrolgate.bridge.uart.frame.errors", "reason", "unexpected_type")).isEqualTo(1);
        assertThat(counter("enrolgate.bridge.uart.frame.errors", "reason", "unsupported")).isEqualTo(1);
        assertThat(counter("enrolgate.bridge.uart.frame.errors", "reason", "unknown_type")).isGreaterThanOrEqualTo(1);
        assertThat(counter("enrolgate.bridge.uart.frame.errors", "reason", "malformed")).isGreaterThanOrEqualTo(1);
        assertThat(counter("enrolgate.bridge.uart.frames.in", "type", "log")).isEqualTo(1);
        assertThat(broker.requests).last().satisfies(r -> assertThat(r.correlation()).isEqualTo(id));
    }

    @Test
    void givesARequestWithoutIdOneAndRefusesMalformedIds() throws Exception {
        online();
        line(requestFrame(request(new byte[0], GATEWAY, DEVICE, 1)));
        line(requestFrame(request(new byte[5], GATEWAY, DEVICE, 2)));
        line(requestFrame(request(requestId(), new IeeeAddress(0), DEVICE, 3)));

        assertThat(broker.requests).singleElement().satisfies(r -> {
            assertThat(r.correlation()).hasSize(16);
            assertThat(EgRequest.parseFrom(r.payload()).getRequestId().toByteArray()).isEqualTo(r.correlation());
        });
        assertThat(counter("enrolgate.bridge.eg.drops", "reason", "malformed_request")).isEqualTo(2);
    }

    @Test
    void ignoresARequestIdAlreadyInProgressAndBoundsWhatIsInProgress() {
        online();
        byte[] id = requestId();
        line(requestFrame(request(id, GATEWAY, DEVICE, 1)));
        line(requestFrame(request(id, GATEWAY, DEVICE, 1)));
        assertThat(counter("enrolgate.bridge.eg.drops", "reason", "duplicate_request")).isEqualTo(1);

        for (int i = 0; i < 20; i++) {
            line(requestFrame(request(requestId(), GATEWAY, DEVICE, i)));
        }
        assertThat(bridge.pendingRequests()).isEqualTo(16);
        assertThat(counter("enrolgate.bridge.eg.drops", "reason", "overload")).isEqualTo(5);
    }

    @Test
    void anotherGatewayOnTheLineTakesOver() {
        online();
        line(requestFrame(request(requestId(), GATEWAY, DEVICE, 1)));
        IeeeAddress other = IeeeAddress.parse("00124b00aaaaaaaa");

        line(helloFrame(other));

        assertThat(broker.statuses).anySatisfy(s -> {
            assertThat(s.gateway()).isEqualTo(GATEWAY);
            assertThat(s.json()).contains("offline");
        });
        assertThat(broker.attached).extracting(GatewayIdentity::ieee).containsExactly(GATEWAY, other);
        assertThat(broker.lastStatus().gateway()).isEqualTo(other);
        assertThat(counter("enrolgate.bridge.eg.drops", "reason", "gateway_changed")).isEqualTo(1);
        assertThat(bridge.pendingRequests()).isZero();
    }

    @Test
    void refusesAGatewayThatSpeaksAnotherProtocolVersion() {
        bridge.onPortOpened();
        line(UartFrames.frame(UartMessageType.UART_MESSAGE_TYPE_HELLO, UartFrames.hello(GATEWAY).toBuilder()
                .setProtocolVersion(2).build()));

        assertThat(broker.attached).isEmpty();
        assertThat(bridge.isReady()).isFalse();
        assertThat(counter("enrolgate.bridge.eg.drops", "reason", "unsupported_protocol")).isEqualTo(1);
    }

    @Test
    void stripsARejectionTextTooLongForTheGatewayAndDropsAnOversizedFrame() {
        online();
        byte[] rejected = requestId();
        byte[] huge = requestId();
        line(requestFrame(request(rejected, GATEWAY, DEVICE, 1)));
        line(requestFrame(request(huge, GATEWAY, DEVICE, 2)));

        broker.listener.onResponse(EgResponse.newBuilder().setRequestId(ByteString.copyFrom(rejected))
                .setRejection(Rejection.newBuilder().setCode(Rejection.Code.DEVICE_DISABLED).setMessage("x".repeat(1000)))
                .build().toByteArray(), rejected);
        broker.listener.onResponse(EgResponse.newBuilder().setRequestId(ByteString.copyFrom(huge))
                .setNwkFrame(ByteString.copyFrom(new byte[500])).build().toByteArray(), huge);

        List<UartMessage> sent = written();
        EgResponse forwarded = sent.get(sent.size() - 1).body(EgResponse.class);
        assertThat(forwarded.getRejection().getCode()).isEqualTo(Rejection.Code.DEVICE_DISABLED);
        assertThat(forwarded.getRejection().getMessage()).isEmpty();
        assertThat(counter("enrolgate.bridge.eg.drops", "reason", "oversized_response")).isEqualTo(1);
    }

    @Test
    void statusWaitsForTheBrokerWhenItIsAway() {
        broker.connected = false;
        bridge.onPortOpened();
        line(helloFrame(GATEWAY));
        assertThat(broker.statuses).isEmpty();
        assertThat(bridge.isReady()).isFalse();

        broker.connected = true;
        bridge.tick();
        assertThat(broker.lastStatus().json()).contains("online");
        assertThat(bridge.isReady()).isTrue();
    }

    @Test
    void aFirmwareVersionFromTheLineCannotBreakTheStatusJson() {
        bridge.onPortOpened();
        line(UartFrames.frame(UartMessageType.UART_MESSAGE_TYPE_HELLO, UartFrames.hello(GATEWAY).toBuilder()
                .setFirmwareVersion("1\"},\"state\":\"x\\\n").build()));

        assertThat(broker.lastStatus().json()).contains("\"firmware\":\"1\\\"},\\\"state\\\":\\\"x\\\\?\"");
    }

    @Test
    void theReadyGaugeFollowsTheBridge() {
        System.gc(); // a gauge whose supplier were only weakly held would read NaN from here on
        assertThat(registry.get("enrolgate.bridge.ready").gauge().value()).isZero();
        online();
        line(requestFrame(request(requestId(), GATEWAY, DEVICE, 1)));

        assertThat(registry.get("enrolgate.bridge.ready").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("enrolgate.bridge.eg.pending").gauge().value()).isEqualTo(1.0);
        broker.connected = false;
        assertThat(registry.get("enrolgate.bridge.ready").gauge().value()).isZero();
    }

    // ---- helpers ----

    private void online() {
        bridge.onPortOpened();
        line(helloFrame(GATEWAY));
    }

    private static byte[] framed(byte[] payload) {
        try {
            return HdlcLiteFramer.encode(payload);
        } catch (io.enrolgate.serialbridge.uart.FrameTooLongException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void line(byte[] bytes) {
        bridge.onBytes(bytes, 0, bytes.length);
    }

    private void advance(long millis) {
        nanos.addAndGet(Duration.ofMillis(millis).toNanos());
        bridge.tick();
    }

    private List<UartMessage> written() {
        return UartFrames.decode(uart.written);
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }
}
