package io.enrolgate.registry.device;

/**
 * A device description was refused: the message says what was wrong and what was expected, and never
 * contains an install code. An {@link IllegalArgumentException}, so every front end reports it as bad input.
 */
public class InvalidDeviceException extends IllegalArgumentException {
    public InvalidDeviceException(String message) {
        super(message);
    }

    public InvalidDeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
