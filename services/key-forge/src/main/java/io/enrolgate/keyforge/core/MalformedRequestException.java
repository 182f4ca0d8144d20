package io.enrolgate.keyforge.core;

import com.google.protobuf.ByteString;

/**
 * An EG Request that cannot be served as sent. The message says what is wrong for the people reading
 * the Rejection; it quotes sizes and fields, never payload bytes.
 */
public class MalformedRequestException extends Exception {
    private final ByteString requestId;

    public MalformedRequestException(String message, ByteString requestId) {
        super(message);
        this.requestId = requestId;
    }

    /** The request id when the request parsed far enough to have one (echoed in the Rejection), else empty. */
    public ByteString requestId() {
        return requestId;
    }
}
