package io.enrolgate.zigbee;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 128-bit AES key: a network key, a link key, a key-transport key. Its {@link #toString()} never
 * shows the bytes, so a key that reaches a log line, an exception message or a debugger's summary
 * leaks nothing; {@link #fingerprint()} names a key without revealing it.
 */
public final class SymmetricKey {
    public static final int LENGTH = 16;

    private final byte[] bytes;

    private SymmetricKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}, which must be exactly 16 long. */
    public static SymmetricKey of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a key is 16 bytes (128 bits), got "
                    + (bytes == null ? "none" : bytes.length + " bytes"));
        }
        return new SymmetricKey(bytes.clone());
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
        return new SymmetricKey(parsed);
    }

    /** A copy of the key bytes; the caller owns it and should clear it when done. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Upper-case hex of the key: only for the places whose job is to show a key to its owner. */
    public String toHexUnsafe() {
        return Hex.encode(bytes);
    }

    /**
     * The first 4 bytes of SHA-256 over the key, as 8 lower-case hex digits: enough to tell keys apart
     * in logs and tables, useless for recovering the key.
     */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** Constant-time comparison, so that a comparison's duration does not tell where keys differ. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SymmetricKey that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "SymmetricKey[redacted, fingerprint=" + fingerprint() + "]";
    }
}
