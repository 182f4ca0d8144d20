package io.enrolgate.serialbridge.core;

/** Why an EG Request or its response did not make it across the bridge. Each is a {@code reason} tag of the drops counter. */
public enum DropReason {
    /** Older than the joiner's deadline: its device has given up. */
    DEADLINE("deadline"),
    /** Held during a broker outage while the buffer was full: the oldest held request makes room. */
    BUFFER_FULL("buffer_full"),
    /** Too many requests in progress. */
    OVERLOAD("overload"),
    /** A request whose id is not 16 bytes. */
    MALFORMED_REQUEST("malformed_request"),
    /** A request that names another gateway than the one that said HELLO on this line. */
    FOREIGN_GATEWAY("foreign_gateway"),
    /** A request id already in progress (the gateway sent it twice). */
    DUPLICATE_REQUEST("duplicate_request"),
    /** A request refused because the gateway speaks a UART protocol version this bridge does not know. */
    UNSUPPORTED_PROTOCOL("unsupported_protocol"),
    /** The line now has another gateway: the previous one's requests cannot be answered. */
    GATEWAY_CHANGED("gateway_changed"),
    /** The response came while the port was closed (or its write queue full). */
    UART_UNAVAILABLE("uart_unavailable"),
    /** A response too large for the gateway's receive buffer. */
    OVERSIZED_RESPONSE("oversized_response");

    private final String metricTag;

    DropReason(String metricTag) {
        this.metricTag = metricTag;
    }

    public String metricTag() {
        return metricTag;
    }
}
