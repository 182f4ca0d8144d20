package io.enrolgate.common.mqtt;

import java.util.concurrent.atomic.AtomicLong;

/** What a session's parts share about its connection: up or down, closed for good, which connection this is. */
final class SessionState {
    /** Changes on every connect and disconnect: an acknowledgement is only sent on the connection it belongs to. */
    private final AtomicLong connectionEpoch = new AtomicLong();
    private volatile boolean connected;
    private volatile boolean closed;

    long epoch() {
        return connectionEpoch.get();
    }

    void connectionUp() {
        connectionEpoch.incrementAndGet();
        connected = true;
    }

    void connectionDown() {
        connectionEpoch.incrementAndGet();
        connected = false;
    }

    boolean connected() {
        return connected;
    }

    boolean closed() {
        return closed;
    }

    /** Marks the session closed; true the first time only. */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }
}
