package io.enrolgate.serialbridge.core;

import com.google.protobuf.ByteString;
import java.util.HexFormat;

/** One EG Request between the UART and its response: what to publish, and its clock. Guarded by the tracker's owner. */
final class PendingRequest {
    enum State {
        /** Waiting for the broker: not yet published on the current connection, or due again during an outage. */
        HELD,
        /** Published; waiting for the response until {@link #retryAtNanos}. */
        PUBLISHED
    }

    final ByteString id;
    final byte[] payload;
    final long gatewayIeee;
    final long receivedNanos;
    final long deadlineNanos;
    State state = State.HELD;
    int publishes;
    long retryAtNanos;

    PendingRequest(ByteString id, byte[] payload, long gatewayIeee, long receivedNanos, long deadlineNanos) {
        this.id = id;
        this.payload = payload;
        this.gatewayIeee = gatewayIeee;
        this.receivedNanos = receivedNanos;
        this.deadlineNanos = deadlineNanos;
    }

    String idHex() {
        return HexFormat.of().formatHex(id.toByteArray());
    }
}
