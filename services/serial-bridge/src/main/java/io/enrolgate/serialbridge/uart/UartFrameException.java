package io.enrolgate.serialbridge.uart;

/** Something on the UART that is not a frame or message the bridge can use. Always counted, never fatal. */
public abstract class UartFrameException extends Exception {
    protected UartFrameException(String message) {
        super(message);
    }

    protected UartFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
