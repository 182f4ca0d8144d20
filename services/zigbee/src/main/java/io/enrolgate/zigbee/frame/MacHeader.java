package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.UNSUPPORTED;

import io.enrolgate.zigbee.frame.MacFrameControl.AddressingMode;
import io.enrolgate.zigbee.frame.MacFrameControl.FrameType;
import io.enrolgate.zigbee.frame.MacFrameControl.FrameVersion;

/**
 * The MAC header of an IEEE 802.15.4-2006 frame (7.2.1): frame control, sequence number, destination
 * PAN identifier and address, source PAN identifier and address. A PAN identifier goes with each
 * address present, except that PAN ID compression drops the source PAN identifier when both
 * addresses are present (the frame stays within one PAN). MAC security is not used by Zigbee: a
 * header with the security enabled flag is refused, since its auxiliary security header is not decoded.
 *
 * @param destinationPanId null exactly when there is no destination address
 * @param sourcePanId null when there is no source address or PAN ID compression applies
 */
public record MacHeader(
        MacFrameControl frameControl,
        int sequenceNumber,
        Integer destinationPanId,
        MacAddress destinationAddress,
        Integer sourcePanId,
        MacAddress sourceAddress) {

    public static final String STRUCTURE = "MAC header";
    public static final String SEQUENCE_NUMBER_FIELD = "MAC sequence number";
    public static final String DESTINATION_PAN_ID_FIELD = "MAC destination PAN identifier";
    public static final String DESTINATION_ADDRESS_FIELD = "MAC destination address";
    public static final String SOURCE_PAN_ID_FIELD = "MAC source PAN identifier";
    public static final String SOURCE_ADDRESS_FIELD = "MAC source address";

    public MacHeader {
        if (frameControl == null) {
            throw new IllegalArgumentException(STRUCTURE + " needs a frame control");
        }
        if (frameControl.securityEnabled()) {
            throw new IllegalArgumentException("MAC security is enabled, expected it off: Zigbee secures frames "
                    + "in the NWK and APS layers and this codec does not handle the MAC auxiliary security header");
        }
        FieldRules.requireU8(sequenceNumber, SEQUENCE_NUMBER_FIELD);
        requireAddressMatchesMode(destinationAddress, frameControl.destinationAddressingMode(),
                DESTINATION_ADDRESS_FIELD);
        requireAddressMatchesMode(sourceAddress, frameControl.sourceAddressingMode(), SOURCE_ADDRESS_FIELD);
        FieldRules.requirePresence(destinationPanId, destinationAddress != null, DESTINATION_PAN_ID_FIELD,
                "there is a destination address");
        if (frameControl.panIdCompression() && (destinationAddress == null || sourceAddress == null)) {
            throw new IllegalArgumentException("PAN ID compression is set but the frame does not carry both "
                    + "addresses, expected it only when both are present");
        }
        FieldRules.requirePresence(sourcePanId, sourceAddress != null && !frameControl.panIdCompression(),
                SOURCE_PAN_ID_FIELD, "there is a source address and PAN ID compression is clear");
        FieldRules.requireU16(destinationPanId, DESTINATION_PAN_ID_FIELD);
        FieldRules.requireU16(sourcePanId, SOURCE_PAN_ID_FIELD);
        requireAddressesForFrameType(frameControl);
    }

    /**
     * The header of a data frame within one PAN (PAN ID compression, frame version 2003, as Zigbee
     * stacks send them), e.g. a Trust Center's frame to a joining device.
     */
    public static MacHeader dataFrame(int sequenceNumber, int panId, MacAddress destination, MacAddress source,
            boolean acknowledgmentRequest) {
        if (destination == null || source == null) {
            throw new IllegalArgumentException("an intra-PAN data frame needs both a destination and a source address");
        }
        MacFrameControl frameControl = new MacFrameControl(FrameType.DATA, false, false, acknowledgmentRequest, true,
                destination.addressingMode(), FrameVersion.IEEE_802_15_4_2003, source.addressingMode());
        return new MacHeader(frameControl, sequenceNumber, panId, destination, null, source);
    }

    /** The PAN the source belongs to: the source PAN identifier, or the destination's under compression. */
    public Integer effectiveSourcePanId() {
        return frameControl.panIdCompression() ? destinationPanId : sourcePanId;
    }

    public int length() {
        return 3
                + (destinationPanId != null ? 2 : 0)
                + frameControl.destinationAddressingMode().addressLength()
                + (sourcePanId != null ? 2 : 0)
                + frameControl.sourceAddressingMode().addressLength();
    }

    public byte[] encode() {
        return ByteWriter.encode(length(), this::encode);
    }

    public void encode(ByteWriter writer) {
        frameControl.encode(writer);
        writer.writeU8(sequenceNumber);
        if (destinationAddress != null) {
            writer.writeU16(destinationPanId);
            destinationAddress.encode(writer);
        }
        if (sourceAddress != null) {
            if (sourcePanId != null) {
                writer.writeU16(sourcePanId);
            }
            sourceAddress.encode(writer);
        }
    }

    /** Decodes a MAC header that makes up all of {@code bytes}. */
    public static MacHeader decode(byte[] bytes) {
        return ByteReader.decodeWhole(bytes, STRUCTURE, MacHeader::decode);
    }

    /** Decodes the MAC header at the reader's position and leaves the reader on the MAC payload. */
    public static MacHeader decode(ByteReader reader) {
        int offset = reader.position();
        MacFrameControl frameControl = MacFrameControl.decode(reader);
        if (frameControl.securityEnabled()) {
            throw new FrameFormatException(UNSUPPORTED, MacFrameControl.FIELD, offset, "MAC security is enabled: "
                    + "the MAC auxiliary security header is not handled, "
                    + "expected security enabled clear as Zigbee sends");
        }
        int sequenceNumber = reader.readU8(SEQUENCE_NUMBER_FIELD);
        boolean hasDestination = frameControl.destinationAddressingMode() != AddressingMode.NONE;
        boolean hasSource = frameControl.sourceAddressingMode() != AddressingMode.NONE;
        Integer destinationPanId = hasDestination ? reader.readU16(DESTINATION_PAN_ID_FIELD) : null;
        MacAddress destinationAddress = MacAddress.decode(reader, frameControl.destinationAddressingMode(),
                DESTINATION_ADDRESS_FIELD);
        Integer sourcePanId = hasSource && !frameControl.panIdCompression()
                ? reader.readU16(SOURCE_PAN_ID_FIELD) : null;
        MacAddress sourceAddress = MacAddress.decode(reader, frameControl.sourceAddressingMode(), SOURCE_ADDRESS_FIELD);
        return FrameFormatException.whileDecoding(STRUCTURE, offset, () -> new MacHeader(frameControl, sequenceNumber,
                destinationPanId, destinationAddress, sourcePanId, sourceAddress));
    }

    private static void requireAddressMatchesMode(MacAddress address, AddressingMode mode, String field) {
        AddressingMode actual = address == null ? AddressingMode.NONE : address.addressingMode();
        if (actual != mode) {
            throw new IllegalArgumentException(field + " has addressing mode " + actual
                    + " but the frame control says " + mode);
        }
    }

    /** IEEE 802.15.4-2006 7.2.2: which addresses each frame type carries. */
    private static void requireAddressesForFrameType(MacFrameControl frameControl) {
        AddressingMode destination = frameControl.destinationAddressingMode();
        AddressingMode source = frameControl.sourceAddressingMode();
        switch (frameControl.frameType()) {
            case ACKNOWLEDGMENT:
                if (destination != AddressingMode.NONE || source != AddressingMode.NONE) {
                    throw new IllegalArgumentException("an acknowledgment frame carries no addresses, got destination "
                            + destination + " and source " + source);
                }
                break;
            case BEACON:
                if (destination != AddressingMode.NONE || source == AddressingMode.NONE) {
                    throw new IllegalArgumentException("a beacon carries a source address and no destination, got "
                            + "destination " + destination + " and source " + source);
                }
                break;
            default:
                if (destination == AddressingMode.NONE && source == AddressingMode.NONE) {
                    throw new IllegalArgumentException("a " + frameControl.frameType()
                            + " frame carries at least one address, got none");
                }
                break;
        }
    }
}
