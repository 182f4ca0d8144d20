package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.INVALID_VALUE;

/**
 * The one-byte multicast control field of the NWK header (Zigbee specification 3.3.1.8), present when
 * the frame control's multicast flag is set.
 *
 * @param nonMemberRadius how many more hops the frame may travel outside the group, 0..7 (7: unlimited)
 * @param maxNonMemberRadius the value non-member radius is reset to, 0..7
 */
public record MulticastControl(MulticastMode mode, int nonMemberRadius, int maxNonMemberRadius) {
    public static final String FIELD = "NWK multicast control";
    public static final int NWK_MULTICAST_MODE_NON_MEMBER = 0b00;
    public static final int NWK_MULTICAST_MODE_MEMBER = 0b01;

    private static final int MODE_MASK = 0x03;
    private static final int NON_MEMBER_RADIUS_SHIFT = 2;
    private static final int MAX_NON_MEMBER_RADIUS_SHIFT = 5;
    private static final int RADIUS_MASK = 0x07;

    public enum MulticastMode {
        /** Sent by a device that is not a member of the group: travels as a unicast towards a member. */
        NON_MEMBER(NWK_MULTICAST_MODE_NON_MEMBER),
        /** Sent by a group member: travels by broadcast among the members. */
        MEMBER(NWK_MULTICAST_MODE_MEMBER);

        private final int value;

        MulticastMode(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    public MulticastControl {
        if (mode == null) {
            throw new IllegalArgumentException(FIELD + " needs a multicast mode");
        }
        FieldRules.requireRange(nonMemberRadius, 0, RADIUS_MASK, "non-member radius");
        FieldRules.requireRange(maxNonMemberRadius, 0, RADIUS_MASK, "max non-member radius");
    }

    public void encode(ByteWriter writer) {
        writer.writeU8(mode.value()
                | nonMemberRadius << NON_MEMBER_RADIUS_SHIFT
                | maxNonMemberRadius << MAX_NON_MEMBER_RADIUS_SHIFT);
    }

    public static MulticastControl decode(ByteReader reader) {
        int offset = reader.position();
        int bits = reader.readU8(FIELD);
        int modeBits = bits & MODE_MASK;
        MulticastMode mode = FieldRules.byWireValue(MulticastMode.values(), MulticastMode::value, modeBits);
        if (mode == null) {
            throw new FrameFormatException(INVALID_VALUE, FIELD, offset, "multicast mode " + modeBits
                    + " is reserved, expected non-member (0) or member (1)");
        }
        return new MulticastControl(mode,
                (bits >> NON_MEMBER_RADIUS_SHIFT) & RADIUS_MASK,
                (bits >> MAX_NON_MEMBER_RADIUS_SHIFT) & RADIUS_MASK);
    }
}
