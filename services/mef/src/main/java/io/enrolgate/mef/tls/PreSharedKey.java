package io.enrolgate.mef.tls;

import io.enrolgate.zigbee.RedactedBytes;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A TLS pre-shared key (the Kpm shared by a MEF Client and the MEF). At least 16 bytes (128 bits, the
 * strength of the AES-128 suite it feeds); redacted ({@link RedactedBytes}): {@link #toString()} never shows it.
 */
public final class PreSharedKey extends RedactedBytes {
    public static final int MIN_LENGTH = 16;
    public static final int MAX_LENGTH = 64;

    private PreSharedKey(byte[] bytes) {
        super(bytes);
    }

    public static PreSharedKey of(byte[] bytes) {
        if (bytes == null || bytes.length < MIN_LENGTH || bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("a PSK is " + MIN_LENGTH + " to " + MAX_LENGTH + " bytes, got "
                    + (bytes == null ? "none" : bytes.length + " bytes"));
        }
        return new PreSharedKey(bytes);
    }

    /** Parses hex digits (either case); the message gives lengths and offending positions, never the text. */
    public static PreSharedKey fromHex(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("PSK is missing: expected " + 2 * MIN_LENGTH + " to "
                    + 2 * MAX_LENGTH + " hex digits");
        }
        String digits = hex.strip();
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("PSK: character " + (i + 1)
                        + " is not a hex digit (expected 0-9, a-f, A-F)");
            }
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("PSK has an odd number of hex digits (" + digits.length()
                    + "): expected whole bytes");
        }
        byte[] bytes = HexFormat.of().parseHex(digits);
        try {
            return of(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A copy for the TLS stack; the caller owns it. */
    byte[] toBytes() {
        return copyOfBytes();
    }
}
