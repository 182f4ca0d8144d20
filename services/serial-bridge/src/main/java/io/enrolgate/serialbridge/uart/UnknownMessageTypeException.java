package io.enrolgate.serialbridge.uart;

/** A frame whose first byte is no {@code UartMessageType} this bridge knows (DESIGN.md §3.1: counted and dropped). */
public final class UnknownMessageTypeException extends UartFrameException {
    private final int typeByte;

    public UnknownMessageTypeException(int typeByte) {
        super(String.format("UART message type 0x%02x is unknown", typeByte));
        this.typeByte = typeByte;
    }

    public int typeByte() {
        return typeByte;
    }
}
