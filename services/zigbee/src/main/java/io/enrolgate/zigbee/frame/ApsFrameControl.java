package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.UNSUPPORTED;

import java.util.Locale;

/**
 * The one-byte APS frame control field (Zigbee specification 05-3474, 2.2.5.1.1). Together with the
 * frame type and delivery mode it decides which addressing fields the {@link ApsHeader} carries.
 *
 * @param acknowledgementFormat set on an acknowledgement of an APS command (no endpoint addressing);
 *     clear on every other frame
 * @param extendedHeaderPresent an {@link ApsExtendedHeader} follows the APS counter
 */
public record ApsFrameControl(
        FrameType frameType,
        DeliveryMode deliveryMode,
        boolean acknowledgementFormat,
        boolean security,
        boolean acknowledgementRequest,
        boolean extendedHeaderPresent) {

    public static final String FIELD = "APS frame control";

    public static final int APS_FRAME_TYPE_DATA = 0b00;
    public static final int APS_FRAME_TYPE_COMMAND = 0b01;
    public static final int APS_FRAME_TYPE_ACKNOWLEDGEMENT = 0b10;
    public static final int APS_FRAME_TYPE_INTER_PAN = 0b11;
    public static final int APS_DELIVERY_MODE_UNICAST = 0b00;
    /** Indirect delivery: Zigbee 2004 only, reserved since. */
    public static final int APS_DELIVERY_MODE_INDIRECT = 0b01;
    public static final int APS_DELIVERY_MODE_BROADCAST = 0b10;
    public static final int APS_DELIVERY_MODE_GROUP = 0b11;

    private static final int FRAME_TYPE_MASK = 0x03;
    private static final int DELIVERY_MODE_SHIFT = 2;
    private static final int DELIVERY_MODE_MASK = 0x0C;
    private static final int ACKNOWLEDGEMENT_FORMAT_FLAG = 0x10;
    private static final int SECURITY_FLAG = 0x20;
    private static final int ACKNOWLEDGEMENT_REQUEST_FLAG = 0x40;
    private static final int EXTENDED_HEADER_FLAG = 0x80;

    public enum FrameType {
        DATA(APS_FRAME_TYPE_DATA),
        COMMAND(APS_FRAME_TYPE_COMMAND),
        ACKNOWLEDGEMENT(APS_FRAME_TYPE_ACKNOWLEDGEMENT),
        /** Inter-PAN (stub APS) frames: group address, cluster and profile only. */
        INTER_PAN(APS_FRAME_TYPE_INTER_PAN);

        private final int value;

        FrameType(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    public enum DeliveryMode {
        UNICAST(APS_DELIVERY_MODE_UNICAST),
        BROADCAST(APS_DELIVERY_MODE_BROADCAST),
        GROUP(APS_DELIVERY_MODE_GROUP);

        private final int value;

        DeliveryMode(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    public ApsFrameControl {
        if (frameType == null || deliveryMode == null) {
            throw new IllegalArgumentException("APS frame control needs a frame type and a delivery mode");
        }
        if (acknowledgementFormat && frameType != FrameType.ACKNOWLEDGEMENT) {
            throw new IllegalArgumentException("the acknowledgement format flag is set on a " + describe(frameType)
                    + " frame, expected it only on acknowledgement frames");
        }
        if (frameType == FrameType.INTER_PAN && (security || acknowledgementRequest || extendedHeaderPresent)) {
            throw new IllegalArgumentException("an inter-PAN frame has the security, acknowledgement request or "
                    + "extended header flag set, expected all three clear");
        }
    }

    /** A frame control with the given type and delivery mode and every flag clear. */
    public static ApsFrameControl of(FrameType frameType, DeliveryMode deliveryMode) {
        return new ApsFrameControl(frameType, deliveryMode, false, false, false, false);
    }

    public int toBits() {
        return frameType.value()
                | deliveryMode.value() << DELIVERY_MODE_SHIFT
                | (acknowledgementFormat ? ACKNOWLEDGEMENT_FORMAT_FLAG : 0)
                | (security ? SECURITY_FLAG : 0)
                | (acknowledgementRequest ? ACKNOWLEDGEMENT_REQUEST_FLAG : 0)
                | (extendedHeaderPresent ? EXTENDED_HEADER_FLAG : 0);
    }

    public void encode(ByteWriter writer) {
        writer.writeU8(toBits());
    }

    public static ApsFrameControl decode(ByteReader reader) {
        int offset = reader.position();
        int bits = reader.readU8(FIELD);
        // Two bits, four frame types: every value is defined.
        FrameType frameType = FieldRules.byWireValue(FrameType.values(), FrameType::value, bits & FRAME_TYPE_MASK);
        DeliveryMode deliveryMode = FieldRules.byWireValue(DeliveryMode.values(), DeliveryMode::value,
                (bits & DELIVERY_MODE_MASK) >> DELIVERY_MODE_SHIFT);
        if (deliveryMode == null) {
            throw new FrameFormatException(UNSUPPORTED, FIELD, offset, "delivery mode 0b01 (indirect) was "
                    + "removed in Zigbee 2006, expected unicast (0b00), broadcast (0b10) or group (0b11)");
        }
        return FrameFormatException.whileDecoding(FIELD, offset, () -> new ApsFrameControl(frameType, deliveryMode,
                (bits & ACKNOWLEDGEMENT_FORMAT_FLAG) != 0,
                (bits & SECURITY_FLAG) != 0,
                (bits & ACKNOWLEDGEMENT_REQUEST_FLAG) != 0,
                (bits & EXTENDED_HEADER_FLAG) != 0));
    }

    /** The frame type as the specification's text names it, for messages: "command", "inter-pan". */
    static String describe(FrameType frameType) {
        return frameType.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
