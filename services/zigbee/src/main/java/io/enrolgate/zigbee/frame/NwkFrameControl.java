package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.INVALID_VALUE;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.UNSUPPORTED;

/**
 * The 16-bit NWK frame control field (Zigbee specification 05-3474, 3.3.1.1), little-endian on air.
 * It says which optional NWK header fields follow, so {@link NwkHeader} checks that its fields
 * agree with these flags.
 *
 * @param protocolVersion 2 for Zigbee 2006 and Zigbee PRO, the only layout this codec knows
 */
public record NwkFrameControl(
        FrameType frameType,
        int protocolVersion,
        DiscoverRoute discoverRoute,
        boolean multicast,
        boolean security,
        boolean sourceRoute,
        boolean destinationIeeeAddressPresent,
        boolean sourceIeeeAddressPresent,
        boolean endDeviceInitiator) {

    public static final String FIELD = "NWK frame control";
    /** The protocol version of Zigbee 2006 and Zigbee PRO (R20 onwards). */
    public static final int NWK_PROTOCOL_VERSION_PRO = 2;

    public static final int NWK_FRAME_TYPE_DATA = 0b00;
    public static final int NWK_FRAME_TYPE_COMMAND = 0b01;
    public static final int NWK_FRAME_TYPE_INTER_PAN = 0b11;
    public static final int NWK_DISCOVER_ROUTE_SUPPRESS = 0b00;
    public static final int NWK_DISCOVER_ROUTE_ENABLE = 0b01;

    private static final int FRAME_TYPE_MASK = 0x0003;
    private static final int PROTOCOL_VERSION_SHIFT = 2;
    private static final int PROTOCOL_VERSION_MASK = 0x003C;
    private static final int DISCOVER_ROUTE_SHIFT = 6;
    private static final int DISCOVER_ROUTE_MASK = 0x00C0;
    private static final int MULTICAST_FLAG = 0x0100;
    private static final int SECURITY_FLAG = 0x0200;
    private static final int SOURCE_ROUTE_FLAG = 0x0400;
    private static final int DESTINATION_IEEE_ADDRESS_FLAG = 0x0800;
    private static final int SOURCE_IEEE_ADDRESS_FLAG = 0x1000;
    private static final int END_DEVICE_INITIATOR_FLAG = 0x2000;
    private static final int RESERVED_MASK = 0xC000;

    public enum FrameType {
        DATA(NWK_FRAME_TYPE_DATA),
        COMMAND(NWK_FRAME_TYPE_COMMAND),
        /** Inter-PAN frames carry only a stub NWK header (the frame control). */
        INTER_PAN(NWK_FRAME_TYPE_INTER_PAN);

        private final int value;

        FrameType(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    public enum DiscoverRoute {
        SUPPRESS(NWK_DISCOVER_ROUTE_SUPPRESS),
        ENABLE(NWK_DISCOVER_ROUTE_ENABLE);

        private final int value;

        DiscoverRoute(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    public NwkFrameControl {
        if (frameType == null || discoverRoute == null) {
            throw new IllegalArgumentException("NWK frame control needs a frame type and a discover route setting");
        }
        if (protocolVersion != NWK_PROTOCOL_VERSION_PRO) {
            throw new IllegalArgumentException("NWK protocol version is " + protocolVersion
                    + ", expected " + NWK_PROTOCOL_VERSION_PRO + " (Zigbee 2006 / Zigbee PRO)");
        }
    }

    /** The frame control of a Zigbee PRO frame with every flag clear. */
    public static NwkFrameControl of(FrameType frameType) {
        return new NwkFrameControl(frameType, NWK_PROTOCOL_VERSION_PRO, DiscoverRoute.SUPPRESS,
                false, false, false, false, false, false);
    }

    /** The 16-bit value, as read little-endian from the first two bytes of the frame. */
    public int toBits() {
        return frameType.value()
                | protocolVersion << PROTOCOL_VERSION_SHIFT
                | discoverRoute.value() << DISCOVER_ROUTE_SHIFT
                | (multicast ? MULTICAST_FLAG : 0)
                | (security ? SECURITY_FLAG : 0)
                | (sourceRoute ? SOURCE_ROUTE_FLAG : 0)
                | (destinationIeeeAddressPresent ? DESTINATION_IEEE_ADDRESS_FLAG : 0)
                | (sourceIeeeAddressPresent ? SOURCE_IEEE_ADDRESS_FLAG : 0)
                | (endDeviceInitiator ? END_DEVICE_INITIATOR_FLAG : 0);
    }

    public void encode(ByteWriter writer) {
        writer.writeU16(toBits());
    }

    public static NwkFrameControl decode(ByteReader reader) {
        int offset = reader.position();
        int bits = reader.readU16(FIELD);
        FrameType frameType = frameType(bits & FRAME_TYPE_MASK, offset);
        int version = (bits & PROTOCOL_VERSION_MASK) >> PROTOCOL_VERSION_SHIFT;
        if (version != NWK_PROTOCOL_VERSION_PRO) {
            throw new FrameFormatException(UNSUPPORTED, FIELD, offset, "protocol version " + version
                    + ", expected " + NWK_PROTOCOL_VERSION_PRO + " (Zigbee 2006 / Zigbee PRO)");
        }
        DiscoverRoute discoverRoute = discoverRoute((bits & DISCOVER_ROUTE_MASK) >> DISCOVER_ROUTE_SHIFT, offset);
        if ((bits & RESERVED_MASK) != 0) {
            throw new FrameFormatException(INVALID_VALUE, FIELD, offset, "reserved bits 14-15 are set in "
                    + FieldRules.hex4(bits) + ", expected them clear");
        }
        return new NwkFrameControl(
                frameType,
                version,
                discoverRoute,
                (bits & MULTICAST_FLAG) != 0,
                (bits & SECURITY_FLAG) != 0,
                (bits & SOURCE_ROUTE_FLAG) != 0,
                (bits & DESTINATION_IEEE_ADDRESS_FLAG) != 0,
                (bits & SOURCE_IEEE_ADDRESS_FLAG) != 0,
                (bits & END_DEVICE_INITIATOR_FLAG) != 0);
    }

    private static FrameType frameType(int value, int offset) {
        FrameType type = FieldRules.byWireValue(FrameType.values(), FrameType::value, value);
        if (type != null) {
            return type;
        }
        throw new FrameFormatException(INVALID_VALUE, FIELD, offset, "frame type 0b10 is reserved, expected "
                + "data (0b00), NWK command (0b01) or inter-PAN (0b11)");
    }

    private static DiscoverRoute discoverRoute(int value, int offset) {
        DiscoverRoute setting = FieldRules.byWireValue(DiscoverRoute.values(), DiscoverRoute::value, value);
        if (setting != null) {
            return setting;
        }
        throw new FrameFormatException(INVALID_VALUE, FIELD, offset, "discover route " + value
                + " is reserved, expected suppress (0) or enable (1)");
    }
}
