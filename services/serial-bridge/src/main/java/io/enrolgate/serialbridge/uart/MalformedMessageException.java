package io.enrolgate.serialbridge.uart;

import io.enrolgate.proto.v1.UartMessageType;

/** A frame with a known type whose body does not decode as that type's protobuf message. */
public final class MalformedMessageException extends UartFrameException {
    private final UartMessageType type;

    public MalformedMessageException(UartMessageType type, Throwable cause) {
        super("UART " + type + " frame does not decode: " + cause.getMessage(), cause);
        this.type = type;
    }

    public UartMessageType type() {
        return type;
    }
}
