package io.enrolgate.serialbridge.uart;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.proto.v1.GatewayHello;
import io.enrolgate.proto.v1.GatewayLog;
import io.enrolgate.proto.v1.RelayFrame;
import io.enrolgate.proto.v1.UartMessageType;
import java.util.Objects;

/**
 * The payload of a UART frame: one {@link UartMessageType} byte, then the protobuf encoding of the
 * message that type names (DESIGN.md §3.1, uart.proto). The type values are the .proto's wire constants,
 * the same the firmware compiles with nanopb, so there is one definition of them.
 */
public final class UartMessageCodec {
    private UartMessageCodec() {
    }

    /**
     * Decodes a frame's payload.
     *
     * @throws UnknownMessageTypeException when the first byte is no known type (or UNSPECIFIED, or the payload is empty)
     * @throws MalformedMessageException when the rest does not decode as that type's message
     */
    public static UartMessage decode(byte[] payload) throws UnknownMessageTypeException, MalformedMessageException {
        Objects.requireNonNull(payload, "payload");
        if (payload.length == 0) {
            throw new UnknownMessageTypeException(-1);
        }
        int typeByte = payload[0] & 0xFF;
        UartMessageType type = UartMessageType.forNumber(typeByte);
        if (type == null || type == UartMessageType.UART_MESSAGE_TYPE_UNSPECIFIED) {
            throw new UnknownMessageTypeException(typeByte);
        }
        try {
            return new UartMessage(type, parser(type).parseFrom(payload, 1, payload.length - 1));
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException(type, e);
        }
    }

    /** The payload carrying {@code body} as a {@code type} message. */
    public static byte[] encode(UartMessageType type, MessageLite body) {
        return encode(type, body.toByteArray());
    }

    /** The payload carrying an already encoded protobuf {@code body} as a {@code type} message. */
    public static byte[] encode(UartMessageType type, byte[] body) {
        Objects.requireNonNull(type, "type");
        if (type == UartMessageType.UART_MESSAGE_TYPE_UNSPECIFIED || type == UartMessageType.UNRECOGNIZED) {
            throw new IllegalArgumentException("cannot send a UART message of type " + type);
        }
        byte[] payload = new byte[1 + body.length];
        payload[0] = (byte) type.getNumber();
        System.arraycopy(body, 0, payload, 1, body.length);
        return payload;
    }

    private static Parser<? extends Message> parser(UartMessageType type) {
        return switch (type) {
            case UART_MESSAGE_TYPE_HELLO -> GatewayHello.parser();
            case UART_MESSAGE_TYPE_EG_REQUEST -> EgRequest.parser();
            case UART_MESSAGE_TYPE_EG_RESPONSE -> EgResponse.parser();
            case UART_MESSAGE_TYPE_LOG -> GatewayLog.parser();
            case UART_MESSAGE_TYPE_RELAY_UP, UART_MESSAGE_TYPE_RELAY_DOWN -> RelayFrame.parser();
            case UART_MESSAGE_TYPE_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalStateException("no message for " + type);
        };
    }
}
