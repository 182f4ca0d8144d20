package io.enrolgate.zigbee.installcode;

import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.crypto.AesMmoHash;
import io.enrolgate.zigbee.crypto.Crc16X25;
import io.enrolgate.zigbee.installcode.InstallCodeException.Reason;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A Zigbee install code: 6, 8, 12 or 16 code bytes followed by their CRC-16/X.25, little-endian
 * (DESIGN.md §4). The trust center and the device both turn it into the device's link key with
 * {@link #linkKey()}. It is a secret: {@link #toString()} shows only its length.
 */
public final class InstallCode {
    public static final int CRC_LENGTH = 2;
    /** The code lengths, in bytes without the CRC, that Zigbee allows. */
    public static final List<Integer> CODE_LENGTHS = List.of(6, 8, 12, 16);

    private final byte[] bytesWithCrc;

    private InstallCode(byte[] bytesWithCrc) {
        this.bytesWithCrc = bytesWithCrc;
    }

    /** Parses hex (spaces, colons, dashes allowed) of a code followed by its CRC. */
    public static InstallCode parse(String hex) {
        return parse(hex, CrcPolicy.REQUIRE);
    }

    /**
     * Parses hex (spaces, colons, dashes allowed) of a code, followed by its CRC unless
     * {@code policy} allows it to be missing.
     *
     * @throws InstallCodeException saying what is wrong: not hex, wrong length, wrong or missing CRC
     */
    public static InstallCode parse(String hex, CrcPolicy policy) {
        if (hex == null || hex.isBlank()) {
            throw new InstallCodeException(Reason.EMPTY, "install code is empty: expected " + expectedLengths());
        }
        byte[] bytes;
        try {
            bytes = Hex.decode(hex);
        } catch (IllegalArgumentException e) {
            throw new InstallCodeException(Reason.NOT_HEX, "install code: " + e.getMessage(), e);
        }
        try {
            return fromBytes(bytes, policy);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A code followed by its CRC, as bytes. */
    public static InstallCode fromBytes(byte[] bytes) {
        return fromBytes(bytes, CrcPolicy.REQUIRE);
    }

    /**
     * A code followed by its CRC, or (if {@code policy} allows it) a code alone, as bytes.
     *
     * @throws InstallCodeException saying what is wrong: wrong length, wrong or missing CRC
     */
    public static InstallCode fromBytes(byte[] bytes, CrcPolicy policy) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(policy, "policy");
        int length = bytes.length;
        boolean lengthWithCrc = CODE_LENGTHS.contains(length - CRC_LENGTH);
        boolean lengthWithoutCrc = CODE_LENGTHS.contains(length);
        if (!lengthWithCrc && !lengthWithoutCrc) {
            throw new InstallCodeException(Reason.WRONG_LENGTH,
                    "install code has " + length + " bytes: expected " + expectedLengths());
        }
        boolean acceptWithoutCrc = lengthWithoutCrc && policy == CrcPolicy.COMPUTE_IF_MISSING;
        if (lengthWithCrc) {
            int expected = Crc16X25.compute(bytes, 0, length - CRC_LENGTH);
            int found = (bytes[length - 2] & 0xFF) | (bytes[length - 1] & 0xFF) << 8;
            if (expected == found) {
                return new InstallCode(bytes.clone());
            }
            if (!acceptWithoutCrc) {
                throw crcMismatch(length, expected, found, lengthWithoutCrc);
            }
        }
        if (!acceptWithoutCrc) {
            throw new InstallCodeException(Reason.CRC_MISSING, "install code of " + length + " bytes has no CRC: "
                    + "expected " + (length + CRC_LENGTH) + " bytes, the code followed by its CRC-16/X.25 "
                    + describeCrc(Crc16X25.compute(bytes)) + "; a code printed without its CRC is accepted "
                    + "only on request (CrcPolicy.COMPUTE_IF_MISSING)");
        }
        return withComputedCrc(bytes);
    }

    /**
     * A code given without its CRC (6, 8, 12 or 16 bytes): the CRC is computed and appended. For
     * callers that know the CRC is absent, e.g. a code read from a device's memory.
     */
    public static InstallCode withComputedCrc(byte[] code) {
        Objects.requireNonNull(code, "code");
        if (!CODE_LENGTHS.contains(code.length)) {
            throw new InstallCodeException(Reason.WRONG_LENGTH, "install code without CRC has " + code.length
                    + " bytes: expected 6, 8, 12 or 16");
        }
        int crc = Crc16X25.compute(code);
        byte[] bytesWithCrc = Arrays.copyOf(code, code.length + CRC_LENGTH);
        bytesWithCrc[code.length] = (byte) crc;
        bytesWithCrc[code.length + 1] = (byte) (crc >>> 8);
        return new InstallCode(bytesWithCrc);
    }

    private static InstallCodeException crcMismatch(int length, int expected, int found, boolean ambiguous) {
        String message = "install code CRC mismatch: " + (length - CRC_LENGTH) + " code bytes should be "
                + "followed by CRC-16/X.25 " + describeCrc(expected) + ", found " + describeCrc(found)
                + "; check the code for a typo (a wrong CRC is never corrected)";
        if (ambiguous) {
            message += ". If this is an " + length + "-byte code printed without its CRC, accept missing CRCs "
                    + "explicitly (CrcPolicy.COMPUTE_IF_MISSING)";
        }
        return new InstallCodeException(Reason.CRC_MISMATCH, message);
    }

    /** A CRC as a number and as written after the code (little-endian), e.g. "0xB5C3 (written C3B5)". */
    private static String describeCrc(int crc) {
        return String.format(Locale.ROOT, "0x%04X (written %02X%02X)", crc, crc & 0xFF, crc >>> 8);
    }

    private static String expectedLengths() {
        return "6, 8, 12 or 16 code bytes followed by their 2-byte CRC (8, 10, 14 or 18 bytes in all)";
    }

    /** The Zigbee link key of this code: AES-MMO over the code and its CRC. */
    public SymmetricKey linkKey() {
        byte[] hash = AesMmoHash.hash(bytesWithCrc);
        try {
            return SymmetricKey.of(hash);
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }

    /** A copy of the code followed by its CRC (little-endian); the caller should clear it when done. */
    public byte[] toBytesWithCrc() {
        return bytesWithCrc.clone();
    }

    /** The CRC-16/X.25 of the code, as a number (0..0xFFFF); on the label it is written little-endian. */
    public int crc() {
        int length = bytesWithCrc.length;
        return (bytesWithCrc[length - 2] & 0xFF) | (bytesWithCrc[length - 1] & 0xFF) << 8;
    }

    /** The number of code bytes, without the CRC: 6, 8, 12 or 16. */
    public int codeLength() {
        return bytesWithCrc.length - CRC_LENGTH;
    }

    /** Upper-case hex of the code and its CRC: only for the places whose job is to show it to its owner. */
    public String toHexUnsafe() {
        return Hex.encode(bytesWithCrc);
    }

    /** Constant-time comparison, so that a comparison's duration does not tell where codes differ. */
    @Override
    public boolean equals(Object other) {
        return other instanceof InstallCode that && MessageDigest.isEqual(bytesWithCrc, that.bytesWithCrc);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytesWithCrc);
    }

    /** Only the length: even a fingerprint would help a search of a 6-byte code's 2^48 values. */
    @Override
    public String toString() {
        return "InstallCode[" + codeLength() + " bytes + CRC, redacted]";
    }
}
