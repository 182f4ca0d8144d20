package io.enrolgate.zigbee.installcode;

/**
 * An install code or a label could not be read. The message says what was wrong and what was
 * expected, and never contains the code itself (nor any part of it).
 */
public class InstallCodeException extends IllegalArgumentException {
    /** Why the input was rejected, for callers that map failures to their own error codes. */
    public enum Reason {
        /** No text at all, or only spaces. */
        EMPTY,
        /** A character that is not a hex digit or an allowed separator. */
        NOT_HEX,
        /** Not 6, 8, 12 or 16 code bytes, with or without CRC. */
        WRONG_LENGTH,
        /** The CRC is present and does not match the code. */
        CRC_MISMATCH,
        /** The code has no CRC and the caller did not allow that. */
        CRC_MISSING,
        /** The text is in none of the label formats, or breaks the rules of the one it resembles. */
        UNKNOWN_LABEL_FORMAT,
        /** The label's IEEE address field is not 16 hex digits. */
        MALFORMED_IEEE_ADDRESS
    }

    private final Reason reason;

    public InstallCodeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InstallCodeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
