package io.enrolgate.zigbee;

import java.util.Arrays;

/**
 * A 128-bit AES key: a network key, a link key, a key-transport key. Redacted ({@link RedactedBytes}): its
 * {@link #toString()} never shows the bytes; {@link #fingerprint()} names a key without revealing it.
 */
public final class SymmetricKey extends RedactedBytes {
    public static final int LENGTH = 16;

    private SymmetricKey(byte[] bytes) {
        super(bytes);
    }

    /** Copies {@code bytes}, which must be exactly 16 long. */
    public static SymmetricKey of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a key is 16 bytes (128 bits), got "
                    + (bytes == null ? "none" : bytes.length + " bytes"));
        }
        return new SymmetricKey(bytes);
    }

    /** Parses 32 hex digits (separators allowed). The message names the length, never the text. */
    public static SymmetricKey fromHex(String hex) {
        byte[] parsed;
        try {
            parsed = Hex.decode(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key: " + e.getMessage(), e);
        }
        if (parsed.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a key is 32 hex digits (16 bytes), got " + parsed.length + " bytes");
        }
        try {
            return new SymmetricKey(parsed);
        } finally {
            Arrays.fill(parsed, (byte) 0);
        }
    }

    /** A copy of the key bytes; the caller owns it and should clear it when done. */
    public byte[] toBytes() {
        return copyOfBytes();
    }

    /** Upper-case hex of the key: only for the places whose job is to show a key to its owner. */
    public String toHexUnsafe() {
        return Hex.encode(copyOfBytes());
    }
}
