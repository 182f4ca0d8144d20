package io.enrolgate.serialbridge.serial;

import java.io.IOException;

/** Opens the gateway's serial port, again after every loss. */
@FunctionalInterface
public interface SerialPortOpener {
    SerialConnection open() throws IOException;
}
