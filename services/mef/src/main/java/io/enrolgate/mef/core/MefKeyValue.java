package io.enrolgate.mef.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The Key Value of a MEF Key Registration: 32 bytes supplied by the Source MEF Client (TS-0003 8.3.5.2).
 * A protocol that needs one 128-bit key uses the first half (DESIGN.md 3.4). {@link #toString()} never
 * shows the bytes, so a value that reaches a log line, an exception message or an audit record leaks
 * nothing; {@link #fingerprint()} names a value without revealing it.
 */
public final class MefKeyValue {
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private MefKeyValue(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}, which must be exactly 32 long. The message names the length, never the bytes. */
    public static MefKeyValue of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a MEF Key Value is " + LENGTH + " bytes (256 bits), got "
                    + (bytes == null ? "none" : bytes.length + " bytes"));
        }
        return new MefKeyValue(bytes.clone());
    }

    /** A copy of the 32 bytes; the caller owns it and should clear it when done. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The first 16 bytes: the key of a protocol that needs one 128-bit key (e.g. the Zigbee network key). */
    public byte[] firstHalf() {
        return Arrays.copyOf(bytes, LENGTH / 2);
    }

    /** First 4 bytes of SHA-256 over the value, 8 lower-case hex digits: tells values apart, reveals nothing. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** Constant-time, so that the time a comparison takes does not tell where two values differ. */
    @Override
    public boolean equals(Object other) {
        return other instanceof MefKeyValue that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "MefKeyValue[redacted, fingerprint=" + fingerprint() + "]";
    }
}
