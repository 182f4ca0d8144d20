package io.enrolgate.mef.core;

import io.enrolgate.zigbee.RedactedBytes;
import java.util.Arrays;

/**
 * The Key Value of a MEF Key Registration: 32 bytes supplied by the Source MEF Client (TS-0003 8.3.5.2).
 * A protocol that needs one 128-bit key uses the first half (DESIGN.md 3.4). Redacted ({@link RedactedBytes}):
 * {@link #toString()} never shows the bytes, so a value that reaches a log line, an exception message or an
 * audit record leaks nothing; {@link #fingerprint()} names a value without revealing it.
 */
public final class MefKeyValue extends RedactedBytes {
    public static final int LENGTH = 32;

    private MefKeyValue(byte[] bytes) {
        super(bytes);
    }

    /** Copies {@code bytes}, which must be exactly 32 long. The message names the length, never the bytes. */
    public static MefKeyValue of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a MEF Key Value is " + LENGTH + " bytes (256 bits), got "
                    + (bytes == null ? "none" : bytes.length + " bytes"));
        }
        return new MefKeyValue(bytes);
    }

    /** A copy of the 32 bytes; the caller owns it and should clear it when done. */
    public byte[] toBytes() {
        return copyOfBytes();
    }

    /** The first 16 bytes: the key of a protocol that needs one 128-bit key (e.g. the Zigbee network key). */
    public byte[] firstHalf() {
        byte[] all = copyOfBytes();
        try {
            return Arrays.copyOf(all, LENGTH / 2);
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }
}
