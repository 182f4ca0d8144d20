package io.enrolgate.serialbridge.core;

/** The gateway's UART as the bridge's core sees it. Writes happen on the serial writer thread, never the caller's. */
public interface UartPort {
    /**
     * Queues an encoded frame (flags included) for the gateway; {@code afterWrite} runs on the writer thread
     * once the frame was handed to the port. Returns false, and never runs {@code afterWrite}, when the port is
     * closed or its queue is full.
     */
    boolean send(byte[] frame, Runnable afterWrite);
}
