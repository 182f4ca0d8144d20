package io.enrolgate.serialbridge.core;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.proto.v1.UartMessageType;
import io.enrolgate.serialbridge.uart.FrameTooLongException;
import io.enrolgate.serialbridge.uart.HdlcLiteFramer;
import io.enrolgate.serialbridge.uart.UartMessageCodec;
import io.enrolgate.zigbee.IeeeAddress;
import java.time.Clock;
import java.util.HexFormat;
import java.util.function.LongSupplier;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SerialBridge}'s request path: EG Requests from the UART to the broker, published again while
 * unanswered, dropped at the joiner's deadline, held while the broker is away ({@link RequestTracker}); their
 * EG Responses from the broker back to the UART, once per request id, with the round trip timed.
 *
 * <p>Not thread-safe on its own: the bridge calls it with its lock held, and the one callback that arrives
 * later (a failed publish) takes that same lock.
 */
final class RequestRelay {
    /** The bridge's logger, so that one logger setting still covers the whole bridge. */
    private static final Logger LOG = LoggerFactory.getLogger(SerialBridge.class);
    private static final int REQUEST_ID_LENGTH = 16;

    /** The bridge's UART: false when the port is not open or the frame was not queued. */
    @FunctionalInterface
    interface GatewayWriter {
        boolean send(UartMessageType type, byte[] frame, Runnable afterWrite);
    }

    private final BrokerPort broker;
    private final GatewayWriter uart;
    private final BridgeMetrics metrics;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Random random;
    private final Object lock;
    private final RequestTracker tracker;

    RequestRelay(BridgeSettings settings, BrokerPort broker, GatewayWriter uart, BridgeMetrics metrics, Clock clock,
            LongSupplier nanoTime, Random random, Object lock) {
        this.broker = broker;
        this.uart = uart;
        this.metrics = metrics;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.random = random;
        this.lock = lock;
        this.tracker = new RequestTracker(settings);
    }

    int pending() {
        return tracker.size();
    }

    int held() {
        return tracker.held();
    }

    /** An EG Request read from the UART of the line that has {@code gateway} (null before its first HELLO). */
    void onRequest(EgRequest request, GatewayIdentity gateway) {
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
        publishDue(now, gateway);
    }

    /** A delivery on the gateway's response topic. */
    void onResponse(byte[] payload, byte[] correlationData) {
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
        if (uart.send(UartMessageType.UART_MESSAGE_TYPE_EG_RESPONSE, frame, () -> metrics.roundTrip(nanoTime.getAsLong() - received))) {
            metrics.forwarded();
            LOG.debug("EG Response for request {} ({}) to the gateway", request.idHex(),
                    response.hasRejection() ? "rejection " + response.getRejection().getCode() : "Transport Key");
        } else {
            metrics.dropped(DropReason.UART_UNAVAILABLE);
            LOG.warn("EG Response for request {}: the serial port is not available; dropped", request.idHex());
        }
    }

    /** Drops the requests past the joiner's deadline. */
    void expire(long now) {
        for (PendingRequest expired : tracker.expire(now)) {
            metrics.dropped(DropReason.DEADLINE);
            LOG.info("EG Request {} dropped: no response within the joiner's deadline ({} publishes)", expired.idHex(),
                    expired.publishes);
        }
    }

    /**
     * {@code said} said HELLO where {@code previous} was (null: no gateway yet): requests naming another gateway
     * are dropped, as having lost their gateway or as never having been this line's.
     */
    void onGatewayHello(GatewayIdentity said, GatewayIdentity previous) {
        if (previous != null && !previous.ieee().equals(said.ieee())) {
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
    }

    /** Publishes what is due now, first or again, when the broker is reachable; drops what overflows the buffer. */
    void publishDue(long now, GatewayIdentity gateway) {
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

    private void onPublishFailed(PendingRequest request, Throwable failure) {
        synchronized (lock) {
            LOG.debug("EG Request {} publish failed ({}); held for the next attempt", request.idHex(), failure.getMessage());
            tracker.holdAgain(request.id);
        }
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
}
