package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.INVALID_VALUE;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.UNSUPPORTED;

/**
 * The 16-bit frame control field of an IEEE 802.15.4 MAC frame (IEEE 802.15.4-2006, 7.2.1.1),
 * little-endian on air. Frames of the 2003 and 2006 revisions are handled; Zigbee uses no other.
 */
public record MacFrameControl(
        FrameType frameType,
        boolean securityEnabled,
        boolean framePending,
        boolean acknowledgmentRequest,
        boolean panIdCompression,
        AddressingMode destinationAddressingMode,
        FrameVersion frameVersion,
        AddressingMode sourceAddressingMode) {

    public static final String FIELD = "MAC frame control";

    public static final int MAC_FRAME_TYPE_BEACON = 0b000;
    public static final int MAC_FRAME_TYPE_DATA = 0b001;
    public static final int MAC_FRAME_TYPE_ACKNOWLEDGMENT = 0b010;
    public static final int MAC_FRAME_TYPE_MAC_COMMAND = 0b011;
    public static final int MAC_ADDRESSING_MODE_NONE = 0b00;
    /** Reserved in IEEE 802.15.4-2006. */
    public static final int MAC_ADDRESSING_MODE_RESERVED = 0b01;
    public static final int MAC_ADDRESSING_MODE_SHORT = 0b10;
    public static final int MAC_ADDRESSING_MODE_EXTENDED = 0b11;
    public static final int MAC_FRAME_VERSION_2003 = 0b00;
    public static final int MAC_FRAME_VERSION_2006 = 0b01;
    /** IEEE 802.15.4-2015 frames, whose header may carry information elements: not handled. */
    public static final int MAC_FRAME_VERSION_2015 = 0b10;

    private static final int FRAME_TYPE_MASK = 0x0007;
    private static final int SECURITY_ENABLED_FLAG = 0x0008;
    private static final int FRAME_PENDING_FLAG = 0x0010;
    private static final int ACKNOWLEDGMENT_REQUEST_FLAG = 0x0020;
    private static final int PAN_ID_COMPRESSION_FLAG = 0x0040;
    private static final int RESERVED_MASK = 0x0380;
    private static final int DESTINATION_ADDRESSING_MODE_SHIFT = 10;
    private static final int FRAME_VERSION_SHIFT = 12;
    private static final int SOURCE_ADDRESSING_MODE_SHIFT = 14;
    private static final int TWO_BITS = 0x03;

    public enum FrameType {
        BEACON(MAC_FRAME_TYPE_BEACON),
        DATA(MAC_FRAME_TYPE_DATA),
        ACKNOWLEDGMENT(MAC_FRAME_TYPE_ACKNOWLEDGMENT),
        MAC_COMMAND(MAC_FRAME_TYPE_MAC_COMMAND);

        private final int value;

        FrameType(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    public enum AddressingMode {
        /** Neither PAN identifier nor address. */
        NONE(MAC_ADDRESSING_MODE_NONE, 0),
        /** A 16-bit short address. */
        SHORT(MAC_ADDRESSING_MODE_SHORT, 2),
        /** A 64-bit extended (IEEE) address. */
        EXTENDED(MAC_ADDRESSING_MODE_EXTENDED, 8);

        private final int value;
        private final int addressLength;

        AddressingMode(int value, int addressLength) {
            this.value = value;
            this.addressLength = addressLength;
        }

        public int value() {
            return value;
        }

        public int addressLength() {
            return addressLength;
        }
    }

    public enum FrameVersion {
        IEEE_802_15_4_2003(MAC_FRAME_VERSION_2003),
        IEEE_802_15_4_2006(MAC_FRAME_VERSION_2006);

        private final int value;

        FrameVersion(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    public MacFrameControl {
        if (frameType == null || destinationAddressingMode == null || frameVersion == null
                || sourceAddressingMode == null) {
            throw new IllegalArgumentException(FIELD
                    + " needs a frame type, a frame version and both addressing modes");
        }
    }

    public int toBits() {
        return frameType.value()
                | (securityEnabled ? SECURITY_ENABLED_FLAG : 0)
                | (framePending ? FRAME_PENDING_FLAG : 0)
                | (acknowledgmentRequest ? ACKNOWLEDGMENT_REQUEST_FLAG : 0)
                | (panIdCompression ? PAN_ID_COMPRESSION_FLAG : 0)
                | destinationAddressingMode.value() << DESTINATION_ADDRESSING_MODE_SHIFT
                | frameVersion.value() << FRAME_VERSION_SHIFT
                | sourceAddressingMode.value() << SOURCE_ADDRESSING_MODE_SHIFT;
    }

    public void encode(ByteWriter writer) {
        writer.writeU16(toBits());
    }

    public static MacFrameControl decode(ByteReader reader) {
        int offset = reader.position();
        int bits = reader.readU16(FIELD);
        FrameType frameType = FieldRules.byWireValue(FrameType.values(), FrameType::value, bits & FRAME_TYPE_MASK);
        if (frameType == null) {
            throw new FrameFormatException(UNSUPPORTED, FIELD, offset, "frame type 0b"
                    + Integer.toBinaryString(bits & FRAME_TYPE_MASK) + " is not an IEEE 802.15.4-2006 frame type, "
                    + "expected beacon (0b000), data (0b001), acknowledgment (0b010) or MAC command (0b011)");
        }
        if ((bits & RESERVED_MASK) != 0) {
            throw new FrameFormatException(INVALID_VALUE, FIELD, offset, "reserved bits 7-9 are set in "
                    + FieldRules.hex4(bits) + ", expected them clear");
        }
        AddressingMode destinationMode = addressingMode((bits >> DESTINATION_ADDRESSING_MODE_SHIFT) & TWO_BITS,
                "destination", offset);
        int versionBits = (bits >> FRAME_VERSION_SHIFT) & TWO_BITS;
        FrameVersion frameVersion = FieldRules.byWireValue(FrameVersion.values(), FrameVersion::value, versionBits);
        if (frameVersion == null) {
            throw new FrameFormatException(versionBits == MAC_FRAME_VERSION_2015 ? UNSUPPORTED : INVALID_VALUE, FIELD,
                    offset, "frame version " + versionBits + (versionBits == MAC_FRAME_VERSION_2015
                            ? " (IEEE 802.15.4-2015)" : " (reserved)") + ", expected 0 (2003) or 1 (2006)");
        }
        AddressingMode sourceMode = addressingMode((bits >> SOURCE_ADDRESSING_MODE_SHIFT) & TWO_BITS,
                "source", offset);
        return new MacFrameControl(frameType,
                (bits & SECURITY_ENABLED_FLAG) != 0,
                (bits & FRAME_PENDING_FLAG) != 0,
                (bits & ACKNOWLEDGMENT_REQUEST_FLAG) != 0,
                (bits & PAN_ID_COMPRESSION_FLAG) != 0,
                destinationMode,
                frameVersion,
                sourceMode);
    }

    private static AddressingMode addressingMode(int value, String which, int offset) {
        AddressingMode mode = FieldRules.byWireValue(AddressingMode.values(), AddressingMode::value, value);
        if (mode == null) {
            throw new FrameFormatException(INVALID_VALUE, FIELD, offset, which + " addressing mode 0b01 is reserved, "
                    + "expected none (0b00), short (0b10) or extended (0b11)");
        }
        return mode;
    }
}
