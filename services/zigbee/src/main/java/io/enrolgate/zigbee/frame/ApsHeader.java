package io.enrolgate.zigbee.frame;

import io.enrolgate.zigbee.frame.ApsFrameControl.DeliveryMode;
import io.enrolgate.zigbee.frame.ApsFrameControl.FrameType;

/**
 * The APS header (Zigbee specification 05-3474, 2.2.5): frame control, then the addressing fields
 * that the frame type and delivery mode call for, the APS counter and the optional extended header.
 *
 * <table>
 * <caption>Which fields are present</caption>
 * <tr><th>frame</th><th>fields after the frame control</th></tr>
 * <tr><td>data, and acknowledgement of data</td>
 *     <td>destination endpoint (unicast, broadcast) or group address (group), cluster, profile,
 *     source endpoint, APS counter</td></tr>
 * <tr><td>command, and acknowledgement of a command</td><td>APS counter</td></tr>
 * <tr><td>inter-PAN</td><td>group address (group delivery), cluster, profile</td></tr>
 * </table>
 * The extended header follows the APS counter when the frame control says so. Absent fields are
 * {@code null}; the constructor rejects a field that is present when it must be absent, or the reverse.
 * With APS security the auxiliary security header follows this header.
 */
public record ApsHeader(
        ApsFrameControl frameControl,
        Integer destinationEndpoint,
        Integer groupAddress,
        Integer clusterId,
        Integer profileId,
        Integer sourceEndpoint,
        Integer apsCounter,
        ApsExtendedHeader extendedHeader) {

    public static final String STRUCTURE = "APS header";
    public static final String DESTINATION_ENDPOINT_FIELD = "APS destination endpoint";
    public static final String GROUP_ADDRESS_FIELD = "APS group address";
    public static final String CLUSTER_ID_FIELD = "APS cluster identifier";
    public static final String PROFILE_ID_FIELD = "APS profile identifier";
    public static final String SOURCE_ENDPOINT_FIELD = "APS source endpoint";
    public static final String APS_COUNTER_FIELD = "APS counter";

    public ApsHeader {
        if (frameControl == null) {
            throw new IllegalArgumentException("APS header needs a frame control");
        }
        FieldRules.requirePresence(destinationEndpoint, hasDestinationEndpoint(frameControl),
                DESTINATION_ENDPOINT_FIELD,
                "a data frame or data acknowledgement is delivered by unicast or broadcast");
        FieldRules.requirePresence(groupAddress, hasGroupAddress(frameControl),
                GROUP_ADDRESS_FIELD, "a data, data acknowledgement or inter-PAN frame is delivered to a group");
        FieldRules.requirePresence(clusterId, hasClusterAndProfile(frameControl),
                CLUSTER_ID_FIELD, "the frame is data, data acknowledgement or inter-PAN");
        FieldRules.requirePresence(profileId, hasClusterAndProfile(frameControl),
                PROFILE_ID_FIELD, "the frame is data, data acknowledgement or inter-PAN");
        FieldRules.requirePresence(sourceEndpoint, isEndpointAddressed(frameControl),
                SOURCE_ENDPOINT_FIELD, "the frame is data or data acknowledgement");
        FieldRules.requirePresence(apsCounter, frameControl.frameType() != FrameType.INTER_PAN,
                APS_COUNTER_FIELD, "the frame is not inter-PAN");
        FieldRules.requirePresence(extendedHeader, frameControl.extendedHeaderPresent(),
                "APS extended header", "the frame control's extended header flag is set");
        if (extendedHeader != null && extendedHeader.acknowledgementBitfield() != null
                && frameControl.frameType() != FrameType.ACKNOWLEDGEMENT) {
            throw new IllegalArgumentException(ApsExtendedHeader.ACKNOWLEDGEMENT_BITFIELD_FIELD + " is given on a "
                    + ApsFrameControl.describe(frameControl.frameType())
                    + " frame, expected it only on acknowledgement frames");
        }
        if (extendedHeader != null && extendedHeader.acknowledgementBitfield() == null
                && extendedHeader.fragmentation() != ApsExtendedHeader.Fragmentation.NOT_FRAGMENTED
                && frameControl.frameType() == FrameType.ACKNOWLEDGEMENT) {
            throw new IllegalArgumentException(ApsExtendedHeader.ACKNOWLEDGEMENT_BITFIELD_FIELD
                    + " is missing: an acknowledgement of a fragment carries it");
        }
        FieldRules.requireU8(destinationEndpoint, DESTINATION_ENDPOINT_FIELD);
        FieldRules.requireU16(groupAddress, GROUP_ADDRESS_FIELD);
        FieldRules.requireU16(clusterId, CLUSTER_ID_FIELD);
        FieldRules.requireU16(profileId, PROFILE_ID_FIELD);
        FieldRules.requireU8(sourceEndpoint, SOURCE_ENDPOINT_FIELD);
        FieldRules.requireU8(apsCounter, APS_COUNTER_FIELD);
    }

    /**
     * The header of an APS command frame delivered by unicast, as the Trust Center sends a Transport
     * Key: frame control and APS counter only (0x21 with security and no acknowledgement request).
     */
    public static ApsHeader command(int apsCounter, boolean security, boolean acknowledgementRequest) {
        return new ApsHeader(new ApsFrameControl(FrameType.COMMAND, DeliveryMode.UNICAST, false, security,
                acknowledgementRequest, false), null, null, null, null, null, apsCounter, null);
    }

    public static Builder builder(FrameType frameType, DeliveryMode deliveryMode) {
        return new Builder(frameType, deliveryMode);
    }

    public int length() {
        return 1
                + (destinationEndpoint != null ? 1 : 0)
                + (groupAddress != null ? 2 : 0)
                + (clusterId != null ? 2 : 0)
                + (profileId != null ? 2 : 0)
                + (sourceEndpoint != null ? 1 : 0)
                + (apsCounter != null ? 1 : 0)
                + (extendedHeader != null ? extendedHeader.length() : 0);
    }

    public byte[] encode() {
        return ByteWriter.encode(length(), this::encode);
    }

    public void encode(ByteWriter writer) {
        frameControl.encode(writer);
        if (destinationEndpoint != null) {
            writer.writeU8(destinationEndpoint);
        }
        if (groupAddress != null) {
            writer.writeU16(groupAddress);
        }
        if (clusterId != null) {
            writer.writeU16(clusterId);
        }
        if (profileId != null) {
            writer.writeU16(profileId);
        }
        if (sourceEndpoint != null) {
            writer.writeU8(sourceEndpoint);
        }
        if (apsCounter != null) {
            writer.writeU8(apsCounter);
        }
        if (extendedHeader != null) {
            extendedHeader.encode(writer);
        }
    }

    /** Decodes an APS header that makes up all of {@code bytes}. */
    public static ApsHeader decode(byte[] bytes) {
        return ByteReader.decodeWhole(bytes, STRUCTURE, ApsHeader::decode);
    }

    /** Decodes the APS header at the reader's position and leaves the reader on what follows it. */
    public static ApsHeader decode(ByteReader reader) {
        int offset = reader.position();
        ApsFrameControl frameControl = ApsFrameControl.decode(reader);
        Integer destinationEndpoint = hasDestinationEndpoint(frameControl)
                ? reader.readU8(DESTINATION_ENDPOINT_FIELD) : null;
        Integer groupAddress = hasGroupAddress(frameControl) ? reader.readU16(GROUP_ADDRESS_FIELD) : null;
        Integer clusterId = hasClusterAndProfile(frameControl) ? reader.readU16(CLUSTER_ID_FIELD) : null;
        Integer profileId = hasClusterAndProfile(frameControl) ? reader.readU16(PROFILE_ID_FIELD) : null;
        Integer sourceEndpoint = isEndpointAddressed(frameControl) ? reader.readU8(SOURCE_ENDPOINT_FIELD) : null;
        Integer apsCounter = frameControl.frameType() != FrameType.INTER_PAN ? reader.readU8(APS_COUNTER_FIELD) : null;
        ApsExtendedHeader extendedHeader = frameControl.extendedHeaderPresent()
                ? ApsExtendedHeader.decode(reader, frameControl.frameType() == FrameType.ACKNOWLEDGEMENT) : null;
        return FrameFormatException.whileDecoding(STRUCTURE, offset, () -> new ApsHeader(frameControl,
                destinationEndpoint, groupAddress, clusterId, profileId, sourceEndpoint, apsCounter, extendedHeader));
    }

    /** Data frames and acknowledgements of data frames name endpoints, cluster and profile. */
    private static boolean isEndpointAddressed(ApsFrameControl frameControl) {
        return frameControl.frameType() == FrameType.DATA
                || frameControl.frameType() == FrameType.ACKNOWLEDGEMENT && !frameControl.acknowledgementFormat();
    }

    private static boolean hasDestinationEndpoint(ApsFrameControl frameControl) {
        return isEndpointAddressed(frameControl) && frameControl.deliveryMode() != DeliveryMode.GROUP;
    }

    private static boolean hasGroupAddress(ApsFrameControl frameControl) {
        return hasClusterAndProfile(frameControl) && frameControl.deliveryMode() == DeliveryMode.GROUP;
    }

    private static boolean hasClusterAndProfile(ApsFrameControl frameControl) {
        return isEndpointAddressed(frameControl) || frameControl.frameType() == FrameType.INTER_PAN;
    }

    /**
     * Builds an APS header; the extended header flag follows from whether an extended header is given.
     * Fields not set stay absent, and {@link #build()} says which one the frame type requires.
     */
    public static final class Builder {
        private final FrameType frameType;
        private final DeliveryMode deliveryMode;
        private boolean acknowledgementFormat;
        private boolean security;
        private boolean acknowledgementRequest;
        private Integer destinationEndpoint;
        private Integer groupAddress;
        private Integer clusterId;
        private Integer profileId;
        private Integer sourceEndpoint;
        private Integer apsCounter;
        private ApsExtendedHeader extendedHeader;

        private Builder(FrameType frameType, DeliveryMode deliveryMode) {
            this.frameType = frameType;
            this.deliveryMode = deliveryMode;
        }

        public Builder acknowledgementFormat(boolean value) {
            acknowledgementFormat = value;
            return this;
        }

        public Builder security(boolean value) {
            security = value;
            return this;
        }

        public Builder acknowledgementRequest(boolean value) {
            acknowledgementRequest = value;
            return this;
        }

        public Builder destinationEndpoint(int value) {
            destinationEndpoint = value;
            return this;
        }

        public Builder groupAddress(int value) {
            groupAddress = value;
            return this;
        }

        public Builder clusterId(int value) {
            clusterId = value;
            return this;
        }

        public Builder profileId(int value) {
            profileId = value;
            return this;
        }

        public Builder sourceEndpoint(int value) {
            sourceEndpoint = value;
            return this;
        }

        public Builder apsCounter(int value) {
            apsCounter = value;
            return this;
        }

        /** Null leaves the extended header out. */
        public Builder extendedHeader(ApsExtendedHeader value) {
            extendedHeader = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first field that is missing, extra or out of range */
        public ApsHeader build() {
            ApsFrameControl frameControl = new ApsFrameControl(frameType, deliveryMode, acknowledgementFormat,
                    security, acknowledgementRequest, extendedHeader != null);
            return new ApsHeader(frameControl, destinationEndpoint, groupAddress, clusterId, profileId,
                    sourceEndpoint, apsCounter, extendedHeader);
        }
    }
}
