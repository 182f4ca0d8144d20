package io.enrolgate.serialbridge.core;

import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.GatewayHello;
import io.enrolgate.proto.v1.GatewayLog;
import io.enrolgate.serialbridge.uart.FrameError;
import io.enrolgate.serialbridge.uart.FrameListener;
import io.enrolgate.serialbridge.uart.HdlcLiteDecoder;
import io.enrolgate.serialbridge.uart.MalformedMessageException;
import io.enrolgate.serialbridge.uart.UartMessage;
import io.enrolgate.serialbridge.uart.UartMessageCodec;
import io.enrolgate.serialbridge.uart.UnknownMessageTypeException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SerialBridge}'s receiving side of the UART: bytes in any chunking → HDLC-lite frames
 * ({@link HdlcLiteDecoder}) → UART messages ({@link UartMessageCodec}), dispatched by type. HELLO and EG_REQUEST
 * go to the bridge; the gateway's LOG lines go to the gateway logger; bad frames, unknown types, undecodable
 * messages and what the gateway does not send are counted and dropped.
 *
 * <p>Not thread-safe on its own: the bridge calls it with its lock held.
 */
final class UartIntake {
    /** The bridge's logger, so that one logger setting still covers the whole bridge. */
    private static final Logger LOG = LoggerFactory.getLogger(SerialBridge.class);
    private static final Logger GATEWAY_LOG = LoggerFactory.getLogger("io.enrolgate.serialbridge.gateway");

    private final BridgeMetrics metrics;
    private final Consumer<GatewayHello> hellos;
    private final Consumer<EgRequest> requests;
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

    UartIntake(BridgeMetrics metrics, Consumer<GatewayHello> hellos, Consumer<EgRequest> requests) {
        this.metrics = metrics;
        this.hellos = hellos;
        this.requests = requests;
    }

    /** Bytes read from the port, in any chunking. */
    void push(byte[] bytes, int offset, int count) {
        decoder.push(bytes, offset, count, frames);
    }

    /** The port opened or closed: what was half read is lost; hunt for the next flag. */
    void reset() {
        decoder.reset();
    }

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
            case UART_MESSAGE_TYPE_HELLO -> hellos.accept(message.body(GatewayHello.class));
            case UART_MESSAGE_TYPE_EG_REQUEST -> requests.accept(message.body(EgRequest.class));
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

    private static void onLog(GatewayLog log) {
        String text = GatewayStatus.printable(log.getMessage());
        switch (log.getLevel()) {
            case LEVEL_ERROR -> GATEWAY_LOG.error("[{} ms] {}", log.getUptimeMs(), text);
            case LEVEL_WARNING -> GATEWAY_LOG.warn("[{} ms] {}", log.getUptimeMs(), text);
            case LEVEL_INFO -> GATEWAY_LOG.info("[{} ms] {}", log.getUptimeMs(), text);
            default -> GATEWAY_LOG.debug("[{} ms] {}", log.getUptimeMs(), text);
        }
    }
}
