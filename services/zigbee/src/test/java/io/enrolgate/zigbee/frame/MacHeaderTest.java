package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameAssertions.assertRejected;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.INVALID_VALUE;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.TRAILING_BYTES;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.TRUNCATED;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.UNSUPPORTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.frame.MacFrameControl.AddressingMode;
import io.enrolgate.zigbee.frame.MacFrameControl.FrameType;
import io.enrolgate.zigbee.frame.MacFrameControl.FrameVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacHeaderTest {
    private static final IeeeAddress DEVICE = IeeeAddress.parse("000D6F000A0B0C0D");
    private static final IeeeAddress TRUST_CENTER = IeeeAddress.parse("00124B0001020304");

    private static final byte[] INTRA_PAN_DATA = Bytes.of(
            0x61, 0x88,  // MAC frame control 0x8861: data, ack request, PAN ID compression,
                         //   short destination, frame version 2003, short source
            0x5C,        // sequence number 92
            0x62, 0x1A,  // destination PAN 0x1A62
            0x2C, 0x4F,  // destination short address 0x4F2C
            0x00, 0x00); // source short address 0x0000 (PAN compressed away)

    @Test
    void decodesAnIntraPanDataFrameHeader() {
        MacHeader header = MacHeader.decode(INTRA_PAN_DATA);

        assertThat(header.frameControl()).isEqualTo(new MacFrameControl(FrameType.DATA, false, false, true, true,
                AddressingMode.SHORT, FrameVersion.IEEE_802_15_4_2003, AddressingMode.SHORT));
        assertThat(header.sequenceNumber()).isEqualTo(92);
        assertThat(header.destinationPanId()).isEqualTo(0x1A62);
        assertThat(header.destinationAddress()).isEqualTo(MacAddress.shortAddress(0x4F2C));
        assertThat(header.sourcePanId()).isNull();
        assertThat(header.effectiveSourcePanId()).isEqualTo(0x1A62);
        assertThat(header.sourceAddress()).isEqualTo(MacAddress.shortAddress(0x0000));
        assertThat(header.length()).isEqualTo(9);
    }

    @Test
    void theDataFrameFactoryEncodesWhatZigbeeStacksSend() {
        MacHeader header = MacHeader.dataFrame(92, 0x1A62, MacAddress.shortAddress(0x4F2C),
                MacAddress.shortAddress(0x0000), true);

        assertThat(header.encode()).isEqualTo(INTRA_PAN_DATA);
    }

    @Test
    void extendedAddressesInDifferentPansCarryBothPanIdentifiers() {
        byte[] bytes = Bytes.of(
                0x21, 0xDC,  // MAC frame control 0xDC21: data, ack request, extended destination,
                             //   frame version 2006, extended source
                0x01,        // sequence number 1
                0x62, 0x1A,  // destination PAN 0x1A62
                0x0D, 0x0C, 0x0B, 0x0A, 0x00, 0x6F, 0x0D, 0x00,  // destination 000D6F000A0B0C0D
                0xFF, 0xFF,  // source PAN 0xFFFF
                0x04, 0x03, 0x02, 0x01, 0x00, 0x4B, 0x12, 0x00); // source 00124B0001020304

        MacHeader header = MacHeader.decode(bytes);

        assertThat(header).isEqualTo(new MacHeader(new MacFrameControl(FrameType.DATA, false, false, true, false,
                AddressingMode.EXTENDED, FrameVersion.IEEE_802_15_4_2006, AddressingMode.EXTENDED), 1, 0x1A62,
                MacAddress.extendedAddress(DEVICE), 0xFFFF, MacAddress.extendedAddress(TRUST_CENTER)));
        assertThat(header.effectiveSourcePanId()).isEqualTo(0xFFFF);
        assertThat(header.encode()).isEqualTo(bytes);
    }

    @Test
    void aBeaconCarriesOnlyTheSource() {
        byte[] bytes = Bytes.of(
                0x00, 0x80,  // MAC frame control 0x8000: beacon, no destination, short source
                0x12,        // sequence number
                0x62, 0x1A,  // source PAN 0x1A62
                0x00, 0x00); // source 0x0000 (the coordinator)

        MacHeader header = MacHeader.decode(bytes);

        assertThat(header.frameControl().frameType()).isEqualTo(FrameType.BEACON);
        assertThat(header.destinationAddress()).isNull();
        assertThat(header.destinationPanId()).isNull();
        assertThat(header.sourcePanId()).isEqualTo(0x1A62);
        assertThat(header.encode()).isEqualTo(bytes);
    }

    @Test
    void anAcknowledgmentIsFrameControlAndSequenceNumber() {
        MacHeader header = MacHeader.decode(Bytes.of(
                0x02, 0x00,  // MAC frame control 0x0002: acknowledgment
                0x5C));      // sequence number 92

        assertThat(header.frameControl().frameType()).isEqualTo(FrameType.ACKNOWLEDGMENT);
        assertThat(header.sequenceNumber()).isEqualTo(92);
        assertThat(header.length()).isEqualTo(3);
    }

    @Test
    void aBeaconRequestIsABroadcastMacCommandWithoutSource() {
        MacHeader header = MacHeader.decode(Bytes.of(
                0x03, 0x08,  // MAC frame control 0x0803: MAC command, short destination, no source
                0x5C,        // sequence number
                0xFF, 0xFF,  // destination PAN 0xFFFF (broadcast)
                0xFF, 0xFF)); // destination 0xFFFF (broadcast)

        assertThat(header.frameControl().frameType()).isEqualTo(FrameType.MAC_COMMAND);
        assertThat(header.destinationAddress())
                .isEqualTo(MacAddress.shortAddress(MacAddress.BROADCAST_SHORT_ADDRESS));
        assertThat(header.sourceAddress()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0x04, 0x05, 0x06, 0x07})
    void frameTypesBeyondThe2006RevisionAreNotHandled(int frameType) {
        byte[] bytes = INTRA_PAN_DATA.clone();
        bytes[0] = (byte) (0x60 | frameType);

        assertRejected(() -> MacHeader.decode(bytes), UNSUPPORTED, "MAC frame control", 0);
    }

    @Test
    void reservedBitsAndAddressingModesAreInvalid() {
        byte[] reservedBit = INTRA_PAN_DATA.clone();
        reservedBit[0] = (byte) 0xE1;  // 0x61 with bit 7 set
        byte[] reservedMode = INTRA_PAN_DATA.clone();
        reservedMode[1] = (byte) 0x84; // destination addressing mode 0b01

        assertThat(assertRejected(() -> MacHeader.decode(reservedBit), INVALID_VALUE, "MAC frame control", 0))
                .hasMessageContaining("reserved bits 7-9");
        assertThat(assertRejected(() -> MacHeader.decode(reservedMode), INVALID_VALUE, "MAC frame control", 0))
                .hasMessageContaining("destination addressing mode 0b01 is reserved");
    }

    @Test
    void frameVersion2015IsNotHandledAnd3IsInvalid() {
        byte[] version2015 = INTRA_PAN_DATA.clone();
        version2015[1] = (byte) 0xA8;  // 0x88 with frame version 0b10
        byte[] version3 = INTRA_PAN_DATA.clone();
        version3[1] = (byte) 0xB8;     // 0x88 with frame version 0b11

        assertThat(assertRejected(() -> MacHeader.decode(version2015), UNSUPPORTED, "MAC frame control", 0))
                .hasMessageContaining("IEEE 802.15.4-2015");
        assertRejected(() -> MacHeader.decode(version3), INVALID_VALUE, "MAC frame control", 0);
    }

    @Test
    void macSecurityIsNotHandled() {
        byte[] bytes = INTRA_PAN_DATA.clone();
        bytes[0] = 0x69;  // 0x61 with security enabled

        assertThat(assertRejected(() -> MacHeader.decode(bytes), UNSUPPORTED, "MAC frame control", 0))
                .hasMessageContaining("MAC security");
    }

    @Test
    void panIdCompressionNeedsBothAddresses() {
        byte[] bytes = Bytes.of(
                0x41, 0x08,  // MAC frame control 0x0841: data, PAN ID compression, short destination, no source
                0x01, 0x62, 0x1A, 0x2C, 0x4F);

        assertThat(assertRejected(() -> MacHeader.decode(bytes), INVALID_VALUE, "MAC header", 0))
                .hasMessageContaining("PAN ID compression is set but the frame does not carry both addresses");
    }

    @Test
    void eachFrameTypeCarriesItsAddresses() {
        byte[] acknowledgmentWithAddress = Bytes.of(
                0x02, 0x08,  // MAC frame control 0x0802: acknowledgment with a short destination
                0x5C, 0x62, 0x1A, 0x2C, 0x4F);
        byte[] dataWithoutAddress = Bytes.of(
                0x01, 0x00,  // MAC frame control 0x0001: data, no addresses
                0x5C);

        assertThat(assertRejected(() -> MacHeader.decode(acknowledgmentWithAddress), INVALID_VALUE, "MAC header", 0))
                .hasMessageContaining("an acknowledgment frame carries no addresses");
        assertThat(assertRejected(() -> MacHeader.decode(dataWithoutAddress), INVALID_VALUE, "MAC header", 0))
                .hasMessageContaining("carries at least one address");
    }

    @Test
    void aTruncatedHeaderNamesTheFieldThatIsCutShort() {
        assertRejected(() -> MacHeader.decode(Bytes.of(0x61)), TRUNCATED, "MAC frame control", 0);
        assertRejected(() -> MacHeader.decode(Bytes.of(0x61, 0x88)), TRUNCATED, "MAC sequence number", 2);
        assertRejected(() -> MacHeader.decode(Bytes.of(0x61, 0x88, 0x5C, 0x62)), TRUNCATED,
                "MAC destination PAN identifier", 3);
        assertRejected(() -> MacHeader.decode(Bytes.of(0x61, 0x88, 0x5C, 0x62, 0x1A, 0x2C, 0x4F, 0x00)), TRUNCATED,
                "MAC source address", 7);
    }

    @Test
    void decodingAWholeArrayRefusesTrailingBytes() {
        assertRejected(() -> MacHeader.decode(Bytes.concat(INTRA_PAN_DATA, Bytes.of(0x08))), TRAILING_BYTES,
                "MAC header", 9);
    }

    @Test
    void inconsistentHeadersAreRefusedAtConstruction() {
        MacFrameControl shortToShort = new MacFrameControl(FrameType.DATA, false, false, false, true,
                AddressingMode.SHORT, FrameVersion.IEEE_802_15_4_2003, AddressingMode.SHORT);

        assertThatThrownBy(() -> new MacHeader(shortToShort, 1, 0x1A62, MacAddress.extendedAddress(DEVICE), null,
                MacAddress.shortAddress(0)))
                .hasMessage("MAC destination address has addressing mode EXTENDED but the frame control says SHORT");
        assertThatThrownBy(() -> new MacHeader(shortToShort, 1, 0x1A62, MacAddress.shortAddress(1), 0x1A62,
                MacAddress.shortAddress(0)))
                .hasMessage("MAC source PAN identifier is given but must be absent unless there is a source address "
                        + "and PAN ID compression is clear");
        assertThatThrownBy(() -> new MacHeader(shortToShort, 1, null, MacAddress.shortAddress(1), null,
                MacAddress.shortAddress(0)))
                .hasMessage("MAC destination PAN identifier is missing: it must be present when there is a "
                        + "destination address");
        assertThatThrownBy(() -> MacHeader.dataFrame(256, 0x1A62, MacAddress.shortAddress(1),
                MacAddress.shortAddress(0), false))
                .hasMessage("MAC sequence number is 256, expected 0..255");
        assertThatThrownBy(() -> MacAddress.shortAddress(0x10000))
                .hasMessage("short address is 65536, expected 0..65535");
    }
}
