package io.enrolgate.serialbridge.uart;

/** A payload larger than {@link HdlcLiteFramer#MAX_PAYLOAD}: the gateway could not receive it, so it is never sent. */
public final class FrameTooLongException extends UartFrameException {
    private final int length;

    public FrameTooLongException(int length) {
        super("UART payload of " + length + " bytes: at most " + HdlcLiteFramer.MAX_PAYLOAD
                + " fit the gateway's receive buffer (EG_HDLC_MAX_PAYLOAD)");
        this.length = length;
    }

    public int length() {
        return length;
    }
}
