package io.enrolgate.zigbee;

import java.util.Locale;

/**
 * An IEEE EUI-64 address. Held as the 64-bit number printed on labels ("display order", most
 * significant byte first); it goes on air little-endian.
 */
public record IeeeAddress(long value) implements Comparable<IeeeAddress> {
    public static final int LENGTH = 8;

    /** Parses 16 hex digits in display order; separators (space, colon, dash) are allowed. */
    public static IeeeAddress parse(String text) {
        String digits;
        try {
            digits = Hex.stripSeparators(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("IEEE address '" + text + "': " + e.getMessage(), e);
        }
        if (digits.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("IEEE address '" + text + "' has " + digits.length()
                    + " hex digits: expected 16 (8 bytes, display order, e.g. 000D6F000A0B0C0D)");
        }
        return new IeeeAddress(Long.parseUnsignedLong(digits, 16));
    }

    /** Reads an address as it is on air: 8 bytes, little-endian. */
    public static IeeeAddress fromLittleEndian(byte[] bytes, int offset) {
        long v = 0;
        for (int i = LENGTH - 1; i >= 0; i--) {
            v = (v << 8) | (bytes[offset + i] & 0xFF);
        }
        return new IeeeAddress(v);
    }

    /** The on-air form: 8 bytes, little-endian. */
    public byte[] toLittleEndian() {
        byte[] out = new byte[LENGTH];
        writeLittleEndian(out, 0);
        return out;
    }

    public void writeLittleEndian(byte[] target, int offset) {
        long v = value;
        for (int i = 0; i < LENGTH; i++) {
            target[offset + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** 16 upper-case hex digits, display order: as on labels and in CLI output. */
    public String toDisplayHex() {
        return String.format(Locale.ROOT, "%016X", value);
    }

    /** 16 lower-case hex digits, display order: the form used in MQTT topics (DESIGN.md §3.3). */
    public String toTopicHex() {
        return String.format(Locale.ROOT, "%016x", value);
    }

    @Override
    public int compareTo(IeeeAddress other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return toDisplayHex();
    }
}
