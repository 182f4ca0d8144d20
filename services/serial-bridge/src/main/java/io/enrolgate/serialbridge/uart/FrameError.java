package io.enrolgate.serialbridge.uart;

/**
 * Why the HDLC-lite decoder dropped what it read between two flags. The firmware's decoder counts the
 * same four cases ({@code eg_hdlc_counters} in firmware/core/include/eg_hdlc.h).
 */
public enum FrameError {
    /** A complete frame whose CRC-16/X.25 does not match its payload. */
    CRC_MISMATCH("crc"),
    /** A non-empty frame shorter than the FCS itself. */
    TOO_SHORT("too_short"),
    /** More than {@link HdlcLiteFramer#MAX_PAYLOAD} bytes before the closing flag; the rest is skipped. */
    OVERSIZED("oversized"),
    /** {@code 0x7D 0x7E}: the sender abandoned the frame. */
    ABORTED("aborted");

    private final String metricTag;

    FrameError(String metricTag) {
        this.metricTag = metricTag;
    }

    /** The value of the {@code reason} tag this error is counted under. */
    public String metricTag() {
        return metricTag;
    }
}
