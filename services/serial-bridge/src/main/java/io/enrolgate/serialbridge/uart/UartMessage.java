package io.enrolgate.serialbridge.uart;

import com.google.protobuf.Message;
import io.enrolgate.proto.v1.UartMessageType;
import java.util.Objects;

/**
 * One decoded UART payload: its type and the protobuf message that type names (uart.proto):
 * HELLO {@code GatewayHello}, EG_REQUEST {@code EgRequest}, EG_RESPONSE {@code EgResponse}, LOG
 * {@code GatewayLog}, RELAY_UP and RELAY_DOWN {@code RelayFrame}.
 */
public record UartMessage(UartMessageType type, Message body) {
    public UartMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
    }

    /** The body as the class its type names; fails loudly on a programming error, never on input. */
    public <T extends Message> T body(Class<T> expected) {
        return expected.cast(body);
    }
}
