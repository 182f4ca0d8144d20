package io.enrolgate.zigbee.frame;

/**
 * The frame check sequence of IEEE 802.15.4 (2006, 7.2.1.9): CRC-16 ITU-T, polynomial
 * x^16 + x^12 + x^5 + 1, processed least significant bit first with initial value 0 (the CRC
 * catalogues call it CRC-16/KERMIT), appended little-endian after the MAC payload.
 */
public final class MacFcs {
    public static final String FIELD = "MAC frame check sequence";
    public static final int LENGTH = 2;
    /** The ITU-T polynomial 0x1021 with its bits reversed, for the least-significant-bit-first loop. */
    private static final int REFLECTED_POLYNOMIAL = 0x8408;

    private MacFcs() {
    }

    public static int compute(byte[] bytes) {
        return compute(bytes, 0, bytes.length);
    }

    /** The FCS of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static int compute(byte[] bytes, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc ^= bytes[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLYNOMIAL : crc >>> 1;
            }
        }
        return crc;
    }
}
