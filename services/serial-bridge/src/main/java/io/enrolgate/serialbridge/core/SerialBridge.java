package io.enrolgate.serialbridge.core;

import io.enrolgate.proto.v1.GatewayHello;
import io.enrolgate.proto.v1.UartMessageType;
import io.enrolgate.serialbridge.uart.FrameTooLongException;
import io.enrolgate.serialbridge.uart.HdlcLiteDecoder;
import io.enrolgate.serialbridge.uart.HdlcLiteFramer;
import io.enrolgate.serialbridge.uart.UartMessageCodec;
import java.time.Clock;
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
 * The UART's receiving side is {@link UartIntake}, the request path {@link RequestRelay}; the bridge keeps the
 * line's state (port, HELLO, gateway, broker reachability) and the gateway's status.
 * Thread-safe: every entry point holds the instance's lock, and none blocks.
 */
public final class SerialBridge {
    private static final Logger LOG = LoggerFactory.getLogger(SerialBridge.class);
    /** The HELLO the bridge sends: the gateway answers any HELLO frame with its own (eg_gateway.c). */
    private static final byte[] HELLO_REQUEST_FRAME = helloRequestFrame();

    private final BrokerPort broker;
    private final UartPort uart;
    private final BridgeMetrics metrics;
    private final LongSupplier nanoTime;
    private final RequestRelay requests;
    private final UartIntake intake;

    private boolean portOpen;
    private boolean helloSeen;
    private GatewayIdentity gateway;
    private boolean brokerConnected;

    public SerialBridge(BridgeSettings settings, BrokerPort broker, UartPort uart, BridgeMetrics metrics, Clock clock,
            LongSupplier nanoTime, Random random) {
        Objects.requireNonNull(settings, "settings");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.uart = Objects.requireNonNull(uart, "uart");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.requests = new RequestRelay(settings, broker, this::send, metrics, Objects.requireNonNull(clock, "clock"),
                nanoTime, Objects.requireNonNull(random, "random"), this);
        this.intake = new UartIntake(metrics, this::onHello, request -> requests.onRequest(request, gateway));
        metrics.bindState(this::pendingRequests, this::heldRequests, this::isReady);
    }

    // ---- serial side ----

    /** The port is open: hunt for a flag, and ask the gateway who it is. */
    public synchronized void onPortOpened() {
        portOpen = true;
        helloSeen = false;
        intake.reset();
        LOG.info("serial port open; asking the gateway for its HELLO");
        send(UartMessageType.UART_MESSAGE_TYPE_HELLO, HELLO_REQUEST_FRAME, null);
    }

    /** The port is gone (unplugged, pseudo-terminal closed): the gateway is offline until its next HELLO. */
    public synchronized void onPortClosed() {
        boolean wasOnline = portOpen && helloSeen;
        portOpen = false;
        helloSeen = false;
        intake.reset();
        if (wasOnline && gateway != null) {
            LOG.warn("serial port closed: gateway {} offline", gateway.ieee().toTopicHex());
            publishStatus();
        }
    }

    /** Bytes read from the port, in any chunking. */
    public synchronized void onBytes(byte[] bytes, int offset, int count) {
        intake.push(bytes, offset, count);
    }

    // ---- broker side ----

    /** A delivery on the gateway's response topic. */
    public synchronized void onResponse(byte[] payload, byte[] correlationData) {
        requests.onResponse(payload, correlationData);
    }

    /** Timers: deadlines, retries, the broker coming and going. Called every few tens of milliseconds. */
    public synchronized void tick() {
        long now = nanoTime.getAsLong();
        requests.expire(now);
        boolean connected = gateway != null && broker.isConnected();
        if (connected && !brokerConnected) {
            // A restarted broker may have lost the retained status: say it again.
            LOG.info("broker reachable: publishing status and {} held EG Requests", requests.held());
            publishStatus();
        }
        brokerConnected = connected;
        requests.publishDue(now, gateway);
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
        return requests.pending();
    }

    public synchronized int heldRequests() {
        return requests.held();
    }

    // ---- HELLO and status ----

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
        }
        requests.onGatewayHello(said, previous);
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
        requests.publishDue(nanoTime.getAsLong(), gateway);
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

    // ---- helpers ----

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
                + (portOpen ? "open" : "closed") + (helloSeen ? ", hello seen" : "") + ", " + requests.pending()
                + " pending]";
    }
}
