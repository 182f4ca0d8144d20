package io.enrolgate.serialbridge.core;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.proto.v1.GatewayHello;
import io.enrolgate.proto.v1.GatewayLog;
import io.enrolgate.proto.v1.UartMessageType;
import io.enrolgate.serialbridge.uart.FrameError;
import io.enrolgate.serialbridge.uart.FrameListener;
import io.enrolgate.serialbridge.uart.FrameTooLongException;
import io.enrolgate.serialbridge.uart.HdlcLiteDecoder;
import io.enrolgate.serialbridge.uart.HdlcLiteFramer;
import io.enrolgate.serialbridge.uart.MalformedMessageException;
import io.enrolgate.serialbridge.uart.UartMessage;
import io.enrolgate.serialbridge.uart.UartMessageCodec;
import io.enrolgate.serialbridge.uart.UnknownMessageTypeException;
import io.enrolgate.zigbee.IeeeAddress;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Random;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge between one gateway's UART and the broker, without any I/O of its own: the serial link feeds it
 * bytes and port events, the broker adapter feeds it responses, a timer calls {@link #tick()}; it answers
 * through a {@link UartPort} and a {@link BrokerPort}.
 *
 * <ul>
 *   <li>Frames are decoded ({@link HdlcLiteDecoder}, {@link UartMessageCodec}) and dispatched by
 *       {@link UartMessageType}; bad frames, unknown types and undecodable messages are counted and dropped.
 *   <li>HELLO: the gateway is known; the broker session becomes its own (Will = offline) and its status is
 *       published retained, online. Port lost: status offline until the next HELLO. The bridge asks for a
 *       HELLO (a HELLO frame to the gateway) whenever the port opens.
 *   <li>EG_REQUEST: stamped with the time it was read, published with Response Topic and Correlation Data =
 *       request id; republished with the same id when unanswered ({@link BridgeSettings}); dropped at the
 *       joiner's deadline; held in a bounded buffer while the broker is away ({@link RequestTracker}).
 *   <li>EG Response from the broker: written to the UART once per request id; the round trip is timed.
 * </ul>
 * Thread-safe: every entry point holds the instance's lock, and none blocks.
 */
public final class SerialBridge {
    private static final Logger LOG = LoggerFactory.getLogger(SerialBridge.class);
    private static final Logger GATEWAY_LOG = LoggerFactory.getLogger("io.enrolgate.serialbridge.gateway");
    private static final int REQUEST_ID_LENGTH = 16;
    /** The HELLO the bridge sends: the gateway answers any HELLO frame with its own (eg_gateway.c). */
    private static final byte[] HELLO_REQUEST_FRAME = helloRequestFrame();

    private final BridgeSettings settings;
    private final BrokerPort broker;
    private final UartPort uart;
    private final BridgeMetrics metrics;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Random random;
    private final RequestTracker tracker;
    private final HdlcLiteDecoder decoder = new HdlcLiteDecoder();
    private final FrameListener frames = new FrameListener() {
        @Override
        public void onFrame(byte[] payload) {
            dispatch(payload);
        }

        @Override
        public void onFrameError(FrameError error) {
            metrics.frameError(error);
            LOG.debug("UART frame dropped: {}", error);
        }
    };

    private boolean portOpen;
    private boolean helloSeen;
    private GatewayIdentity gateway;
    private boolean brokerConnected;

    public SerialBridge(BridgeSettings settings, BrokerPort broker, UartPort uart, BridgeMetrics metrics, Clock clock,
            LongSupplier nanoTime, Random random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.uart = Objects.requireNonNull(uart, "uart");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.random = Objects.requireNonNull(random, "random");
        this.tracker = new RequestTracker(settings);
        metrics.bindState(this::pendingRequests, this::heldRequests, this::isReady);
    }

    // ---- serial side ----

    /** The port is open: hunt for a flag, and ask the gateway who it is. */
    public synchronized void onPortOpened() {
        portOpen = true;
        helloSeen = false;
        decoder.reset();
        LOG.info("serial port open; asking the gateway for its HELLO");
        send(UartMessageType.UART_MESSAGE_TYPE_HELLO, HELLO_REQUEST_FRAME, null);
    }

    /** The port is gone (unplugged, pseudo-terminal closed): the gateway is offline until its next HELLO. */
    public synchronized void onPortClosed() {
        boolean wasOnline = portOpen && helloSeen;
        portOpen = false;
        helloSeen = false;
        decoder.reset();
        if (wasOnline && gateway != null) {
            LOG.warn("serial port closed: gateway {} offline", gateway.ieee().toTopicHex());
            publishStatus();
        }
    }

    /** Bytes read from the port, in any chunking. */
    public synchronized void onBytes(byte[] bytes, int offset, int count) {
        decoder.push(bytes, offset, count, frames);
    }

    // ---- broker side ----

    /** A delivery on the gateway's response topic. */
    public synchronized void onResponse(byte[] payload, byte[] correlationData) {
        EgResponse response;
        try {
            response = EgResponse.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            metrics.invalidResponse();
            LOG.debug("EG Response does not decode: {}", e.getMessage());
            return;
        }
        ByteString id = correlationData != null ? ByteString.copyFrom(correlationData) : response.getRequestId();
        if (correlationData != null && !response.getRequestId().isEmpty() && !response.getRequestId().equals(id)) {
            metrics.invalidResponse();
            LOG.debug("EG Response for request {} carries correlation data of another request", hex(response.getRequestId()));
            return;
        }
        PendingRequest request = tracker.complete(id);
        if (request == null) {
            metrics.unmatched();
            LOG.debug("EG Response for request {}: not in progress (late or repeated); dropped", hex(id));
            return;
        }
        byte[] body = fitForGateway(response, payload);
        if (body == null) {
            metrics.dropped(DropReason.OVERSIZED_RESPONSE);
            LOG.warn("EG Response for request {} is {} bytes: too large for the gateway; dropped", request.idHex(),
                    payload.length);
            return;
        }
        byte[] frame;
        try {
            frame = HdlcLiteFramer.encode(UartMessageCodec.encode(UartMessageType.UART_MESSAGE_TYPE_EG_RESPONSE, body));
        } catch (FrameTooLongException e) {
            metrics.dropped(DropReason.OVERSIZED_RESPONSE);
            return;
        }
        long received = request.receivedNanos;
        if (send(UartMessageType.UART_MESSAGE_TYPE_EG_RESPONSE, frame, () -> metrics.roundTrip(nanoTime.getAsLong() - received))) {
            metrics.forwarded();
            LOG.debug("EG Response for request {} ({}) to the gateway", request.idHex(),
                    response.hasRejection() ? "rejection " + response.getRejection().getCode() : "Transport Key");
        } else {
            metrics.dropped(DropReason.UART_UNAVAILABLE);
            LOG.warn("EG Response for request {}: the serial port is not available; dropped", request.idHex());
        }
    }

    /** Timers: deadlines, retries, the broker coming and going. Called every few tens of milliseconds. */
    public synchronized void tick() {
        long now = nanoTime.getAsLong();
        for (PendingRequest expired : tracker.expire(now)) {
            metrics.dropped(DropReason.DEADLINE);
            LOG.info("EG Request {} dropped: no response within the joiner's deadline ({} publishes)", expired.idHex(),
                    expired.publishes);
        }
        boolean connected = gateway != null && broker.isConnected();
        if (connected && !brokerConnected) {
            // A restarted broker may have lost the retained status: say it again.
            LOG.info("broker reachable: publishing status and {} held EG Requests", tracker.held());
            publishStatus();
        }
        brokerConnected = connected;
        publishDue(now);
    }

    // ---- state ----

    /** Ready to serve: port open, gateway said HELLO, broker connected. */
    public synchronized boolean isReady() {
        return portOpen && helloSeen && gateway != null && broker.isConnected();
    }

    public synchronized boolean isPortOpen() {
        return portOpen;
    }

    public synchronized boolean helloSeen() {
        return helloSeen;
    }

    /** The gateway that last said HELLO on this line, or null. */
    public synchronized GatewayIdentity gateway() {
        return gateway;
    }

    public synchronized int pendingRequests() {
        return tracker.size();
    }

    public synchronized int heldRequests() {
        return tracker.held();
    }

    // ---- dispatch ----

    private void dispatch(byte[] payload) {
        UartMessage message;
        try {
            message = UartMessageCodec.decode(payload);
        } catch (UnknownMessageTypeException e) {
            metrics.unknownType();
            LOG.debug("UART frame dropped: {}", e.getMessage());
            return;
        } catch (MalformedMessageException e) {
            metrics.malformed();
            LOG.debug("UART frame dropped: {}", e.getMessage());
            return;
        }
        metrics.frameIn(message.type());
        switch (message.type()) {
            case UART_MESSAGE_TYPE_HELLO -> onHello(message.body(GatewayHello.class));
            case UART_MESSAGE_TYPE_EG_REQUEST -> onRequest(message.body(EgRequest.class));
            case UART_MESSAGE_TYPE_LOG -> onLog(message.body(GatewayLog.class));
            case UART_MESSAGE_TYPE_RELAY_UP -> {
                metrics.unsupported();
                LOG.debug("UART RELAY_UP dropped: relaying secured frames is not supported yet");
            }
            default -> {
                metrics.unexpectedType();
                LOG.debug("UART {} dropped: the gateway does not send that", message.type());
            }
        }
    }

    private void onHello(GatewayHello hello) {
        GatewayIdentity said = GatewayIdentity.of(hello);
        if (!said.speaksOurProtocol()) {
            metrics.dropped(DropReason.UNSUPPORTED_PROTOCOL);
            LOG.error("{} speaks UART protocol {}; this bridge speaks {}: not serving it", said,
                    said.protocolVersion(), GatewayIdentity.PROTOCOL_VERSION);
            return;
        }
        GatewayIdentity previous = gateway;
        if (previous != null && !previous.ieee().equals(said.ieee())) {
            LOG.warn("the line now has {} instead of gateway {}", said, previous.ieee().toTopicHex());
            if (broker.isConnected()) {
                broker.publishStatus(previous.ieee(), GatewayStatus.offline(previous));
            }
            for (PendingRequest stale : tracker.removeForeign(said.ieee().value())) {
                metrics.dropped(DropReason.GATEWAY_CHANGED);
                LOG.info("EG Request {} dropped: its gateway left the line", stale.idHex());
            }
        } else if (previous == null) {
            for (PendingRequest foreign : tracker.removeForeign(said.ieee().value())) {
                metrics.dropped(DropReason.FOREIGN_GATEWAY);
                LOG.warn("EG Request {} dropped: it names another gateway than {}", foreign.idHex(), said.ieee().toTopicHex());
            }
        }
        boolean changed = !said.equals(previous) || !helloSeen;
        gateway = said;
        helloSeen = portOpen;
        if (changed) {
            LOG.info("HELLO from {}", said);
        }
        broker.attach(said, this::onResponse);
        brokerConnected = broker.isConnected();
        if (changed && brokerConnected) {
            publishStatus();
        }
        publishDue(nanoTime.getAsLong());
    }

    private void onRequest(EgRequest request) {
        long now = nanoTime.getAsLong();
        ByteString id = request.getRequestId();
        if (id.isEmpty()) {
            // DESIGN.md §3.2: the request id is set by the gateway or by the bridge.
            byte[] fresh = new byte[REQUEST_ID_LENGTH];
            random.nextBytes(fresh);
            id = ByteString.copyFrom(fresh);
        }
        if (id.size() != REQUEST_ID_LENGTH || request.getGatewayIeee() == 0) {
            metrics.dropped(DropReason.MALFORMED_REQUEST);
            LOG.warn("EG Request dropped as malformed: request id of {} bytes (expected {}), gateway IEEE {}",
                    id.size(), REQUEST_ID_LENGTH, new IeeeAddress(request.getGatewayIeee()).toTopicHex());
            return;
        }
        if (gateway != null && request.getGatewayIeee() != gateway.ieee().value()) {
            metrics.dropped(DropReason.FOREIGN_GATEWAY);
            LOG.warn("EG Request {} dropped: it names gateway {}, the line has {}", hex(id),
                    new IeeeAddress(request.getGatewayIeee()).toTopicHex(), gateway.ieee().toTopicHex());
            return;
        }
        byte[] payload = request.toBuilder().setRequestId(id).setReceivedUnixMs(clock.millis()).build().toByteArray();
        PendingRequest pending = new PendingRequest(id, payload, request.getGatewayIeee(), now, tracker.deadlineOf(now));
        switch (tracker.admit(pending)) {
            case DUPLICATE -> {
                metrics.dropped(DropReason.DUPLICATE_REQUEST);
                LOG.debug("EG Request {} is already in progress", hex(id));
                return;
            }
            case OVERLOAD -> {
                metrics.dropped(DropReason.OVERLOAD);
                LOG.warn("EG Request {} dropped: {} requests in progress already", hex(id), tracker.size());
                return;
            }
            case ADMITTED -> metrics.request();
        }
        LOG.debug("EG Request {} for device {} (short {})", hex(id), new IeeeAddress(request.getDeviceIeee()).toTopicHex(),
                String.format("%04x", request.getDeviceShort()));
        publishDue(now);
    }

    private void onLog(GatewayLog log) {
        String text = GatewayStatus.printable(log.getMessage());
        switch (log.getLevel()) {
            case LEVEL_ERROR -> GATEWAY_LOG.error("[{} ms] {}", log.getUptimeMs(), text);
            case LEVEL_WARNING -> GATEWAY_LOG.warn("[{} ms] {}", log.getUptimeMs(), text);
            case LEVEL_INFO -> GATEWAY_LOG.info("[{} ms] {}", log.getUptimeMs(), text);
            default -> GATEWAY_LOG.debug("[{} ms] {}", log.getUptimeMs(), text);
        }
    }

    // ---- helpers ----

    private void publishDue(long now) {
        boolean connected = gateway != null && broker.isConnected();
        for (RequestTracker.Publish publish : tracker.takeDue(now, connected)) {
            PendingRequest request = publish.request();
            metrics.published(publish.retry());
            if (publish.retry()) {
                LOG.debug("EG Request {}: no response yet, publishing it again", request.idHex());
            }
            broker.publishRequest(gateway.ieee(), request.payload, request.id.toByteArray())
                    .whenComplete((ok, failure) -> {
                        if (failure != null) {
                            onPublishFailed(request, failure);
                        }
                    });
        }
        for (PendingRequest evicted : tracker.evictOverflow()) {
            metrics.dropped(DropReason.BUFFER_FULL);
            LOG.warn("EG Request {} dropped: the broker is unreachable and the buffer is full", evicted.idHex());
        }
    }

    private synchronized void onPublishFailed(PendingRequest request, Throwable failure) {
        LOG.debug("EG Request {} publish failed ({}); held for the next attempt", request.idHex(), failure.getMessage());
        tracker.holdAgain(request.id);
    }

    private void publishStatus() {
        if (gateway == null || !broker.isConnected()) {
            return; // published when the broker is back (tick)
        }
        byte[] status = portOpen && helloSeen ? GatewayStatus.online(gateway) : GatewayStatus.offline(gateway);
        broker.publishStatus(gateway.ieee(), status).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("status of {} not published: {}", gateway.ieee().toTopicHex(), failure.getMessage());
            }
        });
    }

    private boolean send(UartMessageType type, byte[] frame, Runnable afterWrite) {
        if (!portOpen) {
            return false;
        }
        return uart.send(frame, () -> {
            metrics.frameOut(type);
            if (afterWrite != null) {
                afterWrite.run();
            }
        });
    }

    /**
     * The response body as the gateway can take it: as received when it fits the gateway's buffer; a rejection
     * without its text when only the text is too long (the gateway skips the text anyway); else null.
     */
    private static byte[] fitForGateway(EgResponse response, byte[] payload) {
        if (payload.length + 1 <= HdlcLiteFramer.MAX_PAYLOAD) {
            return payload;
        }
        if (response.hasRejection()) {
            byte[] shorter = response.toBuilder().setRejection(response.getRejection().toBuilder().clearMessage())
                    .build().toByteArray();
            return shorter.length + 1 <= HdlcLiteFramer.MAX_PAYLOAD ? shorter : null;
        }
        return null;
    }

    private static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    private static byte[] helloRequestFrame() {
        try {
            return HdlcLiteFramer.encode(UartMessageCodec.encode(UartMessageType.UART_MESSAGE_TYPE_HELLO,
                    GatewayHello.getDefaultInstance()));
        } catch (FrameTooLongException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized String toString() {
        return "SerialBridge[" + (gateway == null ? "no gateway yet" : gateway.ieee().toTopicHex()) + ", port "
                + (portOpen ? "open" : "closed") + (helloSeen ? ", hello seen" : "") + ", " + tracker.size()
                + " pending]";
    }
}
