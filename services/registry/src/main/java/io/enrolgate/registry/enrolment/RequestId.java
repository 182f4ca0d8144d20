package io.enrolgate.registry.enrolment;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The id a gateway (or its bridge) gives an EG Request: 16 random bytes by the protocol; the registry
 * accepts 1 to {@value #MAX_LENGTH} so that it never is the one to decide what is malformed. A repeated
 * request carries the same id and must get the same answer.
 */
public final class RequestId {
    public static final int MAX_LENGTH = 64;

    private final byte[] bytes;

    private RequestId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static RequestId of(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("request id has " + (bytes == null ? 0 : bytes.length)
                    + " bytes: expected 1 to " + MAX_LENGTH + " (16 by the protocol)");
        }
        return new RequestId(bytes.clone());
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RequestId that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Lower-case hex: request ids are not secret, and logs need them to follow a request. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
