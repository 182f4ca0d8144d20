package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.UNSUPPORTED;

import io.enrolgate.zigbee.IeeeAddress;

/**
 * The NWK header of a Zigbee data or NWK command frame (Zigbee specification 05-3474, 3.3.1):
 * frame control, destination and source network addresses, radius, sequence number, then the
 * optional fields the frame control announces, in this order: destination IEEE address, source
 * IEEE address, multicast control, source route subframe.
 *
 * <p>When the frame control's security flag is set the NWK auxiliary security header follows this
 * header; it is part of the payload here. Inter-PAN frames, whose NWK header is the frame control
 * alone, are not handled.
 *
 * <p>The optional fields are {@code null} when absent; the constructor rejects a header whose optional
 * fields disagree with the frame control's flags. {@link #builder()} derives the flags from the fields.
 *
 * @param destinationAddress 16-bit network address (0xFFFC..0xFFFF are broadcast addresses)
 * @param sourceAddress 16-bit network address
 * @param radius hops left, 0..255
 * @param sequenceNumber 0..255
 */
public record NwkHeader(
        NwkFrameControl frameControl,
        int destinationAddress,
        int sourceAddress,
        int radius,
        int sequenceNumber,
        IeeeAddress destinationIeeeAddress,
        IeeeAddress sourceIeeeAddress,
        MulticastControl multicastControl,
        SourceRouteSubframe sourceRoute) {

    public static final String STRUCTURE = "NWK header";
    /** Frame control, two addresses, radius and sequence number: the header without optional fields. */
    public static final int MINIMUM_LENGTH = 8;

    public NwkHeader {
        if (frameControl == null) {
            throw new IllegalArgumentException("NWK header needs a frame control");
        }
        if (frameControl.frameType() == NwkFrameControl.FrameType.INTER_PAN) {
            throw new IllegalArgumentException("an inter-PAN frame has a stub NWK header (frame control only), "
                    + "expected a data or NWK command frame");
        }
        FieldRules.requireU16(destinationAddress, "NWK destination address");
        FieldRules.requireU16(sourceAddress, "NWK source address");
        FieldRules.requireU8(radius, "NWK radius");
        FieldRules.requireU8(sequenceNumber, "NWK sequence number");
        FieldRules.requirePresence(destinationIeeeAddress, frameControl.destinationIeeeAddressPresent(),
                "NWK destination IEEE address", "the frame control's destination IEEE address flag is set");
        FieldRules.requirePresence(sourceIeeeAddress, frameControl.sourceIeeeAddressPresent(),
                "NWK source IEEE address", "the frame control's source IEEE address flag is set");
        FieldRules.requirePresence(multicastControl, frameControl.multicast(),
                "NWK multicast control", "the frame control's multicast flag is set");
        FieldRules.requirePresence(sourceRoute, frameControl.sourceRoute(),
                "NWK source route subframe", "the frame control's source route flag is set");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this header's values, to change a few (a relay rewriting the radius, say). */
    public Builder toBuilder() {
        return new Builder()
                .frameType(frameControl.frameType())
                .discoverRoute(frameControl.discoverRoute())
                .security(frameControl.security())
                .endDeviceInitiator(frameControl.endDeviceInitiator())
                .destinationAddress(destinationAddress)
                .sourceAddress(sourceAddress)
                .radius(radius)
                .sequenceNumber(sequenceNumber)
                .destinationIeeeAddress(destinationIeeeAddress)
                .sourceIeeeAddress(sourceIeeeAddress)
                .multicastControl(multicastControl)
                .sourceRoute(sourceRoute);
    }

    /** The encoded length in bytes. */
    public int length() {
        return MINIMUM_LENGTH
                + (destinationIeeeAddress != null ? IeeeAddress.LENGTH : 0)
                + (sourceIeeeAddress != null ? IeeeAddress.LENGTH : 0)
                + (multicastControl != null ? 1 : 0)
                + (sourceRoute != null ? sourceRoute.length() : 0);
    }

    public byte[] encode() {
        return ByteWriter.encode(length(), this::encode);
    }

    public void encode(ByteWriter writer) {
        frameControl.encode(writer);
        writer.writeU16(destinationAddress);
        writer.writeU16(sourceAddress);
        writer.writeU8(radius);
        writer.writeU8(sequenceNumber);
        if (destinationIeeeAddress != null) {
            writer.writeIeeeAddress(destinationIeeeAddress);
        }
        if (sourceIeeeAddress != null) {
            writer.writeIeeeAddress(sourceIeeeAddress);
        }
        if (multicastControl != null) {
            multicastControl.encode(writer);
        }
        if (sourceRoute != null) {
            sourceRoute.encode(writer);
        }
    }

    /** Decodes a NWK header that makes up all of {@code bytes}. */
    public static NwkHeader decode(byte[] bytes) {
        return ByteReader.decodeWhole(bytes, STRUCTURE, NwkHeader::decode);
    }

    /** Decodes the NWK header at the reader's position and leaves the reader on the NWK payload. */
    public static NwkHeader decode(ByteReader reader) {
        int offset = reader.position();
        NwkFrameControl frameControl = NwkFrameControl.decode(reader);
        // The constructor refuses inter-PAN too; checked here first because on the wire it is a valid
        // frame this codec does not handle (UNSUPPORTED), not a malformed one, and its fields do not follow.
        if (frameControl.frameType() == NwkFrameControl.FrameType.INTER_PAN) {
            throw new FrameFormatException(UNSUPPORTED, NwkFrameControl.FIELD, offset,
                    "inter-PAN frame (stub NWK header), expected a data or NWK command frame");
        }
        int destinationAddress = reader.readU16("NWK destination address");
        int sourceAddress = reader.readU16("NWK source address");
        int radius = reader.readU8("NWK radius");
        int sequenceNumber = reader.readU8("NWK sequence number");
        IeeeAddress destinationIeeeAddress = frameControl.destinationIeeeAddressPresent()
                ? reader.readIeeeAddress("NWK destination IEEE address") : null;
        IeeeAddress sourceIeeeAddress = frameControl.sourceIeeeAddressPresent()
                ? reader.readIeeeAddress("NWK source IEEE address") : null;
        MulticastControl multicastControl = frameControl.multicast() ? MulticastControl.decode(reader) : null;
        SourceRouteSubframe sourceRoute = frameControl.sourceRoute() ? SourceRouteSubframe.decode(reader) : null;
        return FrameFormatException.whileDecoding(STRUCTURE, offset, () -> new NwkHeader(frameControl,
                destinationAddress, sourceAddress, radius, sequenceNumber, destinationIeeeAddress,
                sourceIeeeAddress, multicastControl, sourceRoute));
    }

    /**
     * Builds a header whose frame control flags follow from the fields given: set an IEEE address,
     * multicast control or source route and its flag is set. Defaults: data frame, protocol version 2,
     * route discovery suppressed, no security, radius and sequence number 0.
     */
    public static final class Builder {
        private NwkFrameControl.FrameType frameType = NwkFrameControl.FrameType.DATA;
        private NwkFrameControl.DiscoverRoute discoverRoute = NwkFrameControl.DiscoverRoute.SUPPRESS;
        private boolean security;
        private boolean endDeviceInitiator;
        private int destinationAddress;
        private int sourceAddress;
        private int radius;
        private int sequenceNumber;
        private IeeeAddress destinationIeeeAddress;
        private IeeeAddress sourceIeeeAddress;
        private MulticastControl multicastControl;
        private SourceRouteSubframe sourceRoute;

        private Builder() {
        }

        public Builder frameType(NwkFrameControl.FrameType value) {
            frameType = value;
            return this;
        }

        public Builder discoverRoute(NwkFrameControl.DiscoverRoute value) {
            discoverRoute = value;
            return this;
        }

        public Builder security(boolean value) {
            security = value;
            return this;
        }

        public Builder endDeviceInitiator(boolean value) {
            endDeviceInitiator = value;
            return this;
        }

        public Builder destinationAddress(int value) {
            destinationAddress = value;
            return this;
        }

        public Builder sourceAddress(int value) {
            sourceAddress = value;
            return this;
        }

        public Builder radius(int value) {
            radius = value;
            return this;
        }

        public Builder sequenceNumber(int value) {
            sequenceNumber = value;
            return this;
        }

        /** Null leaves the field out. */
        public Builder destinationIeeeAddress(IeeeAddress value) {
            destinationIeeeAddress = value;
            return this;
        }

        /** Null leaves the field out. */
        public Builder sourceIeeeAddress(IeeeAddress value) {
            sourceIeeeAddress = value;
            return this;
        }

        /** Null leaves the field out. */
        public Builder multicastControl(MulticastControl value) {
            multicastControl = value;
            return this;
        }

        /** Null leaves the field out. */
        public Builder sourceRoute(SourceRouteSubframe value) {
            sourceRoute = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first field out of range */
        public NwkHeader build() {
            NwkFrameControl frameControl = new NwkFrameControl(frameType, NwkFrameControl.NWK_PROTOCOL_VERSION_PRO,
                    discoverRoute, multicastControl != null, security, sourceRoute != null,
                    destinationIeeeAddress != null, sourceIeeeAddress != null, endDeviceInitiator);
            return new NwkHeader(frameControl, destinationAddress, sourceAddress, radius, sequenceNumber,
                    destinationIeeeAddress, sourceIeeeAddress, multicastControl, sourceRoute);
        }
    }
}
