package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameAssertions.assertRejected;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.INVALID_VALUE;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.TRAILING_BYTES;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.TRUNCATED;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.UNSUPPORTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.zigbee.frame.ApsExtendedHeader.Fragmentation;
import io.enrolgate.zigbee.frame.ApsFrameControl.DeliveryMode;
import io.enrolgate.zigbee.frame.ApsFrameControl.FrameType;
import org.junit.jupiter.api.Test;

class ApsHeaderTest {

    @Test
    void decodesTheHeaderOfASecuredTransportKeyCommand() {
        ApsHeader header = ApsHeader.decode(Bytes.of(
                0x21,    // APS frame control: command, unicast, security, no ack request, no extended header
                0x42));  // APS counter 66

        assertThat(header.frameControl()).isEqualTo(new ApsFrameControl(FrameType.COMMAND, DeliveryMode.UNICAST,
                false, true, false, false));
        assertThat(header.apsCounter()).isEqualTo(0x42);
        assertThat(header.destinationEndpoint()).isNull();
        assertThat(header.groupAddress()).isNull();
        assertThat(header.clusterId()).isNull();
        assertThat(header.profileId()).isNull();
        assertThat(header.sourceEndpoint()).isNull();
        assertThat(header.extendedHeader()).isNull();
        assertThat(ApsHeader.command(0x42, true, false).encode()).containsExactly(0x21, 0x42);
    }

    @Test
    void aUnicastDataFrameNamesBothEndpointsClusterAndProfile() {
        byte[] bytes = Bytes.of(
                0x40,        // APS frame control: data, unicast, ack request
                0x0B,        // destination endpoint 11
                0x06, 0x00,  // cluster 0x0006 (On/Off)
                0x04, 0x01,  // profile 0x0104 (Home Automation)
                0x01,        // source endpoint 1
                0x10);       // APS counter 16

        ApsHeader header = ApsHeader.decode(bytes);

        assertThat(header).isEqualTo(ApsHeader.builder(FrameType.DATA, DeliveryMode.UNICAST)
                .acknowledgementRequest(true).destinationEndpoint(11).clusterId(0x0006).profileId(0x0104)
                .sourceEndpoint(1).apsCounter(16).build());
        assertThat(header.frameControl().acknowledgementRequest()).isTrue();
        assertThat(header.encode()).isEqualTo(bytes);
    }

    @Test
    void aGroupDataFrameCarriesTheGroupInsteadOfTheDestinationEndpoint() {
        byte[] bytes = Bytes.of(
                0x0C,        // APS frame control: data, group delivery (0b11)
                0x02, 0x01,  // group address 0x0102
                0x06, 0x00,  // cluster 0x0006
                0x04, 0x01,  // profile 0x0104
                0x01,        // source endpoint 1
                0x11);       // APS counter 17

        ApsHeader header = ApsHeader.decode(bytes);

        assertThat(header.frameControl().deliveryMode()).isEqualTo(DeliveryMode.GROUP);
        assertThat(header.destinationEndpoint()).isNull();
        assertThat(header.groupAddress()).isEqualTo(0x0102);
        assertThat(header.clusterId()).isEqualTo(0x0006);
        assertThat(header.profileId()).isEqualTo(0x0104);
        assertThat(header.sourceEndpoint()).isEqualTo(1);
        assertThat(header.apsCounter()).isEqualTo(17);
        assertThat(header.encode()).isEqualTo(bytes);
    }

    @Test
    void aBroadcastDataFrameHasADestinationEndpoint() {
        byte[] bytes = Bytes.of(
                0x08,        // APS frame control: data, broadcast (0b10)
                0xFF,        // destination endpoint 255 (all endpoints)
                0x06, 0x00, 0x04, 0x01, 0x01,
                0x12);       // APS counter 18

        ApsHeader header = ApsHeader.decode(bytes);

        assertThat(header.frameControl().deliveryMode()).isEqualTo(DeliveryMode.BROADCAST);
        assertThat(header.destinationEndpoint()).isEqualTo(0xFF);
    }

    @Test
    void anAcknowledgementOfDataRepeatsTheAddressingButOfACommandDoesNot() {
        ApsHeader dataAck = ApsHeader.decode(Bytes.of(
                0x02,        // APS frame control: acknowledgement, unicast, data ack format
                0x01,        // destination endpoint 1
                0x06, 0x00,  // cluster 0x0006
                0x04, 0x01,  // profile 0x0104
                0x0B,        // source endpoint 11
                0x10));      // APS counter 16
        ApsHeader commandAck = ApsHeader.decode(Bytes.of(
                0x12,        // APS frame control: acknowledgement, unicast, command ack format
                0x42));      // APS counter 66

        assertThat(dataAck.sourceEndpoint()).isEqualTo(11);
        assertThat(dataAck.frameControl().acknowledgementFormat()).isFalse();
        assertThat(commandAck.frameControl().acknowledgementFormat()).isTrue();
        assertThat(commandAck.clusterId()).isNull();
        assertThat(commandAck.apsCounter()).isEqualTo(0x42);
    }

    @Test
    void theExtendedHeaderOfAFragmentCarriesTheBlockNumber() {
        byte[] bytes = Bytes.of(
                0x80,        // APS frame control: data, unicast, extended header present
                0x01, 0x19, 0x00, 0x04, 0x01, 0x01,  // endpoints 1 -> 1, cluster 0x0019, profile 0x0104
                0x20,        // APS counter 32
                0x01,        // extended frame control: first fragment
                0x03);       // block number: 3 blocks in all

        ApsHeader header = ApsHeader.decode(bytes);

        assertThat(header.extendedHeader()).isEqualTo(new ApsExtendedHeader(Fragmentation.FIRST_FRAGMENT, 3, null));
        assertThat(header.length()).isEqualTo(10);
        assertThat(header.encode()).isEqualTo(bytes);
    }

    @Test
    void anAcknowledgementOfAFragmentCarriesTheAckBitfield() {
        byte[] bytes = Bytes.of(
                0x82,        // APS frame control: acknowledgement, unicast, extended header present
                0x01, 0x19, 0x00, 0x04, 0x01, 0x01,  // endpoints, cluster, profile
                0x20,        // APS counter 32
                0x02,        // extended frame control: subsequent fragment
                0x01,        // block number 1
                0x03);       // ack bitfield: blocks 0 and 1

        ApsHeader header = ApsHeader.decode(bytes);

        assertThat(header.extendedHeader())
                .isEqualTo(new ApsExtendedHeader(Fragmentation.SUBSEQUENT_FRAGMENT, 1, 0x03));
        assertThat(header.encode()).isEqualTo(bytes);
    }

    @Test
    void anExtendedHeaderMaySayNotFragmented() {
        ApsHeader header = ApsHeader.decode(Bytes.of(
                0xA1,    // APS frame control: command, unicast, security, extended header present
                0x42,    // APS counter 66
                0x00));  // extended frame control: not fragmented

        assertThat(header.extendedHeader()).isEqualTo(ApsExtendedHeader.notFragmented());
    }

    @Test
    void anInterPanFrameHasClusterAndProfileButNoEndpointsOrCounter() {
        byte[] unicast = Bytes.of(
                0x03,        // APS frame control: inter-PAN, unicast
                0x00, 0x10,  // cluster 0x1000 (Touchlink commissioning)
                0x5E, 0xC0); // profile 0xC05E (Zigbee Light Link)
        byte[] group = Bytes.of(
                0x0F,        // APS frame control: inter-PAN, group delivery
                0x02, 0x01,  // group address 0x0102
                0x00, 0x10, 0x5E, 0xC0);

        ApsHeader unicastHeader = ApsHeader.decode(unicast);
        ApsHeader groupHeader = ApsHeader.decode(group);

        assertThat(unicastHeader).isEqualTo(ApsHeader.builder(FrameType.INTER_PAN, DeliveryMode.UNICAST)
                .clusterId(0x1000).profileId(0xC05E).build());
        assertThat(unicastHeader.apsCounter()).isNull();
        assertThat(groupHeader.groupAddress()).isEqualTo(0x0102);
        assertThat(groupHeader.encode()).isEqualTo(group);
    }

    @Test
    void indirectDeliveryIsNotHandled() {
        FrameFormatException e = assertRejected(() -> ApsHeader.decode(Bytes.of(
                0x04,    // APS frame control: data, delivery mode 0b01 (indirect, Zigbee 2004)
                0x01, 0x06, 0x00, 0x04, 0x01, 0x10)), UNSUPPORTED, "APS frame control", 0);

        assertThat(e).hasMessageContaining("indirect");
    }

    @Test
    void theAcknowledgementFormatFlagOnAnythingButAnAcknowledgementIsInvalid() {
        FrameFormatException e = assertRejected(() -> ApsHeader.decode(Bytes.of(
                0x11,    // APS frame control: command with the ack format flag
                0x42)), INVALID_VALUE, "APS frame control", 0);

        assertThat(e).hasMessage("APS frame control at byte offset 0: the acknowledgement format flag is set on a "
                + "command frame, expected it only on acknowledgement frames");
    }

    @Test
    void anInterPanFrameWithSecurityIsInvalid() {
        assertRejected(() -> ApsHeader.decode(Bytes.of(
                0x23,    // APS frame control: inter-PAN, security
                0x00, 0x10, 0x5E, 0xC0)), INVALID_VALUE, "APS frame control", 0);
    }

    @Test
    void reservedExtendedFrameControlValuesAreInvalid() {
        assertThat(assertRejected(() -> ApsHeader.decode(Bytes.of(
                0xA1, 0x42,
                0x03)),  // extended frame control: fragmentation 0b11 (reserved)
                INVALID_VALUE, "APS extended frame control", 2)).hasMessageContaining("fragmentation 0b11");
        assertThat(assertRejected(() -> ApsHeader.decode(Bytes.of(
                0xA1, 0x42,
                0x04)),  // extended frame control: reserved bit 2
                INVALID_VALUE, "APS extended frame control", 2)).hasMessageContaining("reserved bits 2-7");
    }

    @Test
    void aTruncatedHeaderNamesTheFieldThatIsCutShort() {
        assertRejected(() -> ApsHeader.decode(new byte[0]), TRUNCATED, "APS frame control", 0);
        assertRejected(() -> ApsHeader.decode(Bytes.of(0x21)), TRUNCATED, "APS counter", 1);
        assertRejected(() -> ApsHeader.decode(Bytes.of(0x40, 0x0B, 0x06)), TRUNCATED, "APS cluster identifier", 2);
        assertRejected(() -> ApsHeader.decode(Bytes.of(0x82, 0x01, 0x19, 0x00, 0x04, 0x01, 0x01, 0x20, 0x02, 0x01)),
                TRUNCATED, "APS ack bitfield", 10);
    }

    @Test
    void decodingAWholeArrayRefusesTrailingBytes() {
        assertRejected(() -> ApsHeader.decode(Bytes.of(0x21, 0x42, 0x30)), TRAILING_BYTES, "APS header", 2);
    }

    @Test
    void fieldsThatDoNotBelongToTheFrameTypeAreRefused() {
        assertThatThrownBy(() -> ApsHeader.builder(FrameType.COMMAND, DeliveryMode.UNICAST).apsCounter(1)
                .destinationEndpoint(1).build())
                .hasMessage("APS destination endpoint is given but must be absent unless a data frame or data "
                        + "acknowledgement is delivered by unicast or broadcast");
        assertThatThrownBy(() -> ApsHeader.builder(FrameType.DATA, DeliveryMode.UNICAST).destinationEndpoint(1)
                .profileId(0x0104).sourceEndpoint(1).apsCounter(1).build())
                .hasMessage("APS cluster identifier is missing: it must be present when the frame is data, data "
                        + "acknowledgement or inter-PAN");
        assertThatThrownBy(() -> ApsHeader.builder(FrameType.INTER_PAN, DeliveryMode.UNICAST).clusterId(1)
                .profileId(1).apsCounter(1).build())
                .hasMessage("APS counter is given but must be absent unless the frame is not inter-PAN");
    }

    @Test
    void theAckBitfieldBelongsToAcknowledgementsOfFragmentsOnly() {
        ApsExtendedHeader withBitfield = new ApsExtendedHeader(Fragmentation.FIRST_FRAGMENT, 2, 0x01);
        ApsExtendedHeader withoutBitfield = new ApsExtendedHeader(Fragmentation.FIRST_FRAGMENT, 2, null);

        assertThatThrownBy(() -> ApsHeader.builder(FrameType.COMMAND, DeliveryMode.UNICAST).apsCounter(1)
                .extendedHeader(withBitfield).build())
                .hasMessageContaining("APS ack bitfield is given on a command frame");
        assertThatThrownBy(() -> ApsHeader.builder(FrameType.ACKNOWLEDGEMENT, DeliveryMode.UNICAST)
                .acknowledgementFormat(true).apsCounter(1).extendedHeader(withoutBitfield).build())
                .hasMessage("APS ack bitfield is missing: an acknowledgement of a fragment carries it");
        assertThatThrownBy(() -> new ApsExtendedHeader(Fragmentation.NOT_FRAGMENTED, 1, null))
                .hasMessage("APS block number is given but must be absent unless the frame is a fragment");
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        assertThatThrownBy(() -> ApsHeader.command(256, true, false))
                .hasMessage("APS counter is 256, expected 0..255");
        assertThatThrownBy(() -> ApsHeader.builder(FrameType.DATA, DeliveryMode.GROUP).groupAddress(0x10000)
                .clusterId(6).profileId(0x0104).sourceEndpoint(1).apsCounter(1).build())
                .hasMessage("APS group address is 65536, expected 0..65535");
    }
}
