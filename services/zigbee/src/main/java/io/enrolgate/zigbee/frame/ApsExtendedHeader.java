package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.INVALID_VALUE;

/**
 * The APS extended header (Zigbee specification 05-3474, 2.2.5.1.8), present when the APS frame
 * control's extended header flag is set; it carries fragmentation.
 *
 * @param blockNumber on the first fragment the number of blocks, on later ones this block's number;
 *     present exactly when the frame is a fragment
 * @param acknowledgementBitfield which blocks an acknowledgement covers; present only on an
 *     acknowledgement frame of a fragmented transmission
 */
public record ApsExtendedHeader(Fragmentation fragmentation, Integer blockNumber, Integer acknowledgementBitfield) {
    public static final String FIELD = "APS extended frame control";
    public static final String BLOCK_NUMBER_FIELD = "APS block number";
    public static final String ACKNOWLEDGEMENT_BITFIELD_FIELD = "APS ack bitfield";

    public static final int APS_FRAGMENTATION_NONE = 0b00;
    public static final int APS_FRAGMENTATION_FIRST = 0b01;
    public static final int APS_FRAGMENTATION_SUBSEQUENT = 0b10;

    private static final int FRAGMENTATION_MASK = 0x03;

    public enum Fragmentation {
        NOT_FRAGMENTED(APS_FRAGMENTATION_NONE),
        FIRST_FRAGMENT(APS_FRAGMENTATION_FIRST),
        SUBSEQUENT_FRAGMENT(APS_FRAGMENTATION_SUBSEQUENT);

        private final int value;

        Fragmentation(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    public ApsExtendedHeader {
        if (fragmentation == null) {
            throw new IllegalArgumentException("APS extended header needs a fragmentation setting");
        }
        boolean fragmented = fragmentation != Fragmentation.NOT_FRAGMENTED;
        FieldRules.requirePresence(blockNumber, fragmented, BLOCK_NUMBER_FIELD, "the frame is a fragment");
        if (acknowledgementBitfield != null && !fragmented) {
            throw new IllegalArgumentException(ACKNOWLEDGEMENT_BITFIELD_FIELD
                    + " is given but must be absent unless the frame acknowledges a fragment");
        }
        FieldRules.requireU8(blockNumber, BLOCK_NUMBER_FIELD);
        FieldRules.requireU8(acknowledgementBitfield, ACKNOWLEDGEMENT_BITFIELD_FIELD);
    }

    /** An extended header that says the frame is not fragmented. */
    public static ApsExtendedHeader notFragmented() {
        return new ApsExtendedHeader(Fragmentation.NOT_FRAGMENTED, null, null);
    }

    public int length() {
        return 1 + (blockNumber != null ? 1 : 0) + (acknowledgementBitfield != null ? 1 : 0);
    }

    public void encode(ByteWriter writer) {
        writer.writeU8(fragmentation.value());
        if (blockNumber != null) {
            writer.writeU8(blockNumber);
        }
        if (acknowledgementBitfield != null) {
            writer.writeU8(acknowledgementBitfield);
        }
    }

    /**
     * @param acknowledgementFrame whether the APS frame is an acknowledgement, the only kind whose
     *     extended header of a fragment carries an ack bitfield
     */
    public static ApsExtendedHeader decode(ByteReader reader, boolean acknowledgementFrame) {
        int offset = reader.position();
        int bits = reader.readU8(FIELD);
        if ((bits & ~FRAGMENTATION_MASK) != 0) {
            throw new FrameFormatException(INVALID_VALUE, FIELD, offset, "reserved bits 2-7 are set in "
                    + FieldRules.hex2(bits) + ", expected them clear");
        }
        Fragmentation fragmentation = FieldRules.byWireValue(Fragmentation.values(), Fragmentation::value, bits);
        if (fragmentation == null) {
            throw new FrameFormatException(INVALID_VALUE, FIELD, offset, "fragmentation 0b11 is reserved, "
                    + "expected not fragmented (0b00), first fragment (0b01) or subsequent fragment (0b10)");
        }
        if (fragmentation == Fragmentation.NOT_FRAGMENTED) {
            return notFragmented();
        }
        int blockNumber = reader.readU8(BLOCK_NUMBER_FIELD);
        Integer acknowledgementBitfield = acknowledgementFrame ? reader.readU8(ACKNOWLEDGEMENT_BITFIELD_FIELD) : null;
        return new ApsExtendedHeader(fragmentation, blockNumber, acknowledgementBitfield);
    }
}
