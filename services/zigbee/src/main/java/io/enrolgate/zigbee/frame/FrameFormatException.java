package io.enrolgate.zigbee.frame;

import java.util.function.Supplier;

/**
 * A frame that does not follow its specification. Every decoder in this package reports bad input
 * with this exception and nothing else, so a service can drop a malformed frame from the network
 * with one catch clause. The message names the field, its byte offset and what was expected; it
 * never contains key material.
 */
public final class FrameFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the frame was refused; callers branch on this, people read the message. */
    public enum Reason {
        /** The input ended before a field that the frame says is present. */
        TRUNCATED,
        /** A field holds a value its specification reserves or forbids in this combination. */
        INVALID_VALUE,
        /** A valid value of the specification that this codec deliberately does not handle. */
        UNSUPPORTED,
        /** Bytes remain after a structure whose length is fully determined. */
        TRAILING_BYTES,
        /** The IEEE 802.15.4 frame check sequence does not match the frame. */
        BAD_FCS
    }

    private final Reason reason;
    private final String field;
    private final int offset;

    public FrameFormatException(Reason reason, String field, int offset, String detail) {
        super(field + " at byte offset " + offset + ": " + detail);
        this.reason = reason;
        this.field = field;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    /** The name of the field as the specification calls it, e.g. "NWK frame control". */
    public String field() {
        return field;
    }

    /** Where the field starts, counted from the first byte given to the decoder. */
    public int offset() {
        return offset;
    }

    /**
     * Runs a record constructor on decoded values. The constructors hold the rules on combinations
     * of fields (one place for each rule); this turns their {@link IllegalArgumentException} into the
     * decoder's exception, so that a decoder never lets another exception type escape.
     */
    static <T> T whileDecoding(String structure, int offset, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            FrameFormatException wrapped = new FrameFormatException(Reason.INVALID_VALUE, structure, offset,
                    e.getMessage());
            wrapped.initCause(e);
            throw wrapped;
        }
    }
}
