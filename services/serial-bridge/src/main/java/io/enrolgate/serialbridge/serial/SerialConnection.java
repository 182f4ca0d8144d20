package io.enrolgate.serialbridge.serial;

import java.io.IOException;

/** One open serial port. {@link #read} and {@link #write} may run on two threads at once; close on either. */
public interface SerialConnection extends AutoCloseable {
    /**
     * Blocks until bytes arrive or a short timeout passes.
     *
     * @return the number of bytes read into {@code buffer}, 0 on timeout
     * @throws IOException when the port is gone (unplugged, pseudo-terminal closed)
     */
    int read(byte[] buffer) throws IOException;

    /** Writes all of {@code data}, or throws when the port is gone or stuck. */
    void write(byte[] data) throws IOException;

    @Override
    void close();
}
