package io.enrolgate.keyforge.core;

import java.util.Locale;

/** What became of one request: the {@code outcome} tag of the request counter. */
public enum Outcome {
    /** A fresh key was forged, recorded and sent. */
    KEY_ISSUED,
    /** The request id was seen before: the stored answer was sent again, nothing new issued. */
    REPEATED,
    UNKNOWN_DEVICE,
    DEVICE_DISABLED,
    /** Answered with a MALFORMED_REQUEST rejection. */
    MALFORMED,
    /** Could not be answered at all (no response topic): dropped. */
    DROPPED,
    /** The registry failed: answered with an INTERNAL rejection, which the sender may retry. */
    INTERNAL_ERROR;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
