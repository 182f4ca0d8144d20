package io.enrolgate.serialbridge.serial;

import java.util.Objects;

/**
 * The gateway's UART: a device path ({@code /dev/ttyACM0}, a {@code /dev/serial/by-id/...} link, a
 * pseudo-terminal) and its speed, 8N1 without flow control (DESIGN.md §3.1).
 */
public record SerialSettings(String path, int baudRate) {
    public static final int DEFAULT_BAUD_RATE = 115_200;

    public SerialSettings {
        Objects.requireNonNull(path, "path");
        if (path.isBlank()) {
            throw new IllegalArgumentException("the serial port path is empty");
        }
        if (baudRate < 1_200 || baudRate > 4_000_000) {
            throw new IllegalArgumentException("baud rate " + baudRate + ": expected 1200..4000000 (115200 default,"
                    + " 1000000 supported by the nRF52840)");
        }
    }
}
