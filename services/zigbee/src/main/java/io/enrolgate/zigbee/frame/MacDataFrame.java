package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.BAD_FCS;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.INVALID_VALUE;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.TRUNCATED;

import java.util.Arrays;

/**
 * An IEEE 802.15.4 data frame as on air (the MPDU): MAC header, MAC payload (for Zigbee, a NWK frame)
 * and the frame check sequence. {@link #encode()} appends a correct FCS; {@link #decode(byte[], FcsCheck)}
 * verifies it unless told not to, because real captures often carry a meaningless FCS (the radio
 * checked it and the sniffer replaced it with link quality bytes).
 *
 * @param payload the MAC payload; copied in and out, never shared
 */
public record MacDataFrame(MacHeader header, byte[] payload) {
    public static final String STRUCTURE = "MPDU";
    /** aMaxPHYPacketSize: the longest MPDU a 2.4 GHz IEEE 802.15.4 radio sends. */
    public static final int MAX_MPDU_LENGTH = 127;
    /** Frame control, sequence number and FCS: the shortest MPDU there is. */
    public static final int MIN_MPDU_LENGTH = 3 + MacFcs.LENGTH;

    /** Whether decoding compares the FCS with the frame. */
    public enum FcsCheck {
        VERIFY,
        /** For captures whose FCS was replaced; the frame is trusted as it is. */
        IGNORE
    }

    public MacDataFrame {
        if (header == null || payload == null) {
            throw new IllegalArgumentException("a MAC data frame needs a header and a payload (possibly empty)");
        }
        if (header.frameControl().frameType() != MacFrameControl.FrameType.DATA) {
            throw new IllegalArgumentException("the MAC header is of a " + header.frameControl().frameType()
                    + " frame, expected a DATA frame");
        }
        int length = header.length() + payload.length + MacFcs.LENGTH;
        if (length > MAX_MPDU_LENGTH) {
            throw new IllegalArgumentException("the MPDU would be " + length + " bytes (header " + header.length()
                    + ", payload " + payload.length + ", FCS 2), expected at most " + MAX_MPDU_LENGTH);
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public int length() {
        return header.length() + payload.length + MacFcs.LENGTH;
    }

    /** The MPDU with its FCS. */
    public byte[] encode() {
        ByteWriter writer = new ByteWriter(length());
        header.encode(writer);
        writer.writeBytes(payload);
        byte[] withoutFcs = writer.toByteArray();
        writer.writeU16(MacFcs.compute(withoutFcs));
        return writer.toByteArray();
    }

    /** Decodes an MPDU and verifies its FCS. */
    public static MacDataFrame decode(byte[] mpdu) {
        return decode(mpdu, FcsCheck.VERIFY);
    }

    /**
     * Decodes an MPDU, header through FCS. The FCS is checked before anything else is believed, so a
     * corrupted frame is reported as {@code BAD_FCS} rather than as whatever its damage looks like.
     */
    public static MacDataFrame decode(byte[] mpdu, FcsCheck fcsCheck) {
        if (mpdu.length > MAX_MPDU_LENGTH) {
            throw new FrameFormatException(INVALID_VALUE, STRUCTURE, 0, mpdu.length + " bytes, expected at most "
                    + MAX_MPDU_LENGTH + " (aMaxPHYPacketSize)");
        }
        if (mpdu.length < MIN_MPDU_LENGTH) {
            throw new FrameFormatException(TRUNCATED, STRUCTURE, 0, mpdu.length + " bytes, expected at least "
                    + MIN_MPDU_LENGTH + " (frame control, sequence number, FCS)");
        }
        int fcsOffset = mpdu.length - MacFcs.LENGTH;
        if (fcsCheck == FcsCheck.VERIFY) {
            int received = ByteReader.of(mpdu, fcsOffset, MacFcs.LENGTH).readU16(MacFcs.FIELD);
            int computed = MacFcs.compute(mpdu, 0, fcsOffset);
            if (received != computed) {
                throw new FrameFormatException(BAD_FCS, MacFcs.FIELD, fcsOffset, "the frame carries "
                        + FieldRules.hex4(received) + " but its bytes give " + FieldRules.hex4(computed)
                        + " (CRC-16/KERMIT, little-endian)");
            }
        }
        ByteReader reader = ByteReader.of(mpdu, 0, fcsOffset);
        MacHeader header = MacHeader.decode(reader);
        byte[] payload = reader.readRemaining();
        return FrameFormatException.whileDecoding(STRUCTURE, 0, () -> new MacDataFrame(header, payload));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MacDataFrame that && header.equals(that.header) && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(payload);
    }

    /** The payload's length only: it may be a secured frame, and hex dumps belong in a capture tool. */
    @Override
    public String toString() {
        return "MacDataFrame[header=" + header + ", payload=" + payload.length + " bytes]";
    }
}
