package io.enrolgate.zigbee.crypto;

import java.util.Objects;

/**
 * CRC-16/X.25 (also called CRC-16/IBM-SDLC and, in PPP, FCS-16): polynomial 0x1021 processed
 * least-significant bit first, initial value 0xFFFF, final XOR 0xFFFF. Zigbee appends it to install
 * codes and our UART framing appends it to every frame, in both cases little-endian.
 */
public final class Crc16X25 {
    /** 0x1021 with its bits reversed, because the CRC consumes each byte least-significant bit first. */
    private static final int REFLECTED_POLYNOMIAL = 0x8408;
    private static final int INITIAL_VALUE = 0xFFFF;
    private static final int FINAL_XOR = 0xFFFF;

    private Crc16X25() {
    }

    /** The CRC of all of {@code data}, as an unsigned 16-bit value (0..0xFFFF). */
    public static int compute(byte[] data) {
        Objects.requireNonNull(data, "data");
        return compute(data, 0, data.length);
    }

    /**
     * The CRC of {@code length} bytes of {@code data} starting at {@code offset}, as an unsigned
     * 16-bit value (0..0xFFFF).
     *
     * @throws IndexOutOfBoundsException if the range does not lie inside {@code data}
     */
    public static int compute(byte[] data, int offset, int length) {
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(offset, length, data.length);
        int crc = INITIAL_VALUE;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLYNOMIAL : crc >>> 1;
            }
        }
        return crc ^ FINAL_XOR;
    }
}
