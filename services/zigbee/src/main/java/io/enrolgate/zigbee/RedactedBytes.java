package io.enrolgate.zigbee;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Bytes that must never be shown: a key, a PSK, a MEF Key Value. The one place for what every such type
 * needs, so that none of them can get it subtly wrong:
 * <ul>
 *   <li>a {@link #toString()} that shows the type and a {@link #fingerprint()}, never the bytes, so that a
 *       value that reaches a log line, an exception message or a debugger's summary leaks nothing;
 *   <li>a constant-time {@link #equals(Object)}, so that how long a comparison takes does not tell where two
 *       values differ;
 *   <li>defensive copies in and out, so that a caller clearing or reusing its array changes nothing here.
 * </ul>
 * It lives in the zigbee library, the one module below every service, because it has no I/O and no
 * dependency of its own. Types whose very fingerprint would be a leak (a 6-byte install code, whose 2^48
 * values can be searched) do not extend it.
 */
public abstract class RedactedBytes {
    private static final int FINGERPRINT_LENGTH = 4;

    private final byte[] bytes;

    /** Copies {@code bytes}: the subclass checks their length first, with a message that names it. */
    protected RedactedBytes(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /** A copy of the bytes; the caller owns it and should clear it when done. */
    protected final byte[] copyOfBytes() {
        return bytes.clone();
    }

    /** The number of bytes: safe to show. */
    public final int length() {
        return bytes.length;
    }

    /**
     * The first 4 bytes of SHA-256 over the bytes, as 8 lower-case hex digits: enough to tell values apart
     * in logs and tables, useless for recovering one of 16 bytes or more.
     */
    public final String fingerprint() {
        return HexFormat.of().formatHex(sha256(bytes), 0, FINGERPRINT_LENGTH);
    }

    /** SHA-256 of {@code input}, which every Java runtime provides. */
    protected static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** Equal to a value of the same type with the same bytes, compared in constant time. */
    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass()
                && MessageDigest.isEqual(bytes, ((RedactedBytes) other).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The type's name and the fingerprint; subclasses may show less, never the bytes. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[redacted, fingerprint=" + fingerprint() + "]";
    }
}
