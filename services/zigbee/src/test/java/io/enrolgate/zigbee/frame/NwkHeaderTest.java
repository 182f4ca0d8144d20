package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameAssertions.assertRejected;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.INVALID_VALUE;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.TRAILING_BYTES;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.TRUNCATED;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.UNSUPPORTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.frame.NwkFrameControl.DiscoverRoute;
import io.enrolgate.zigbee.frame.NwkFrameControl.FrameType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NwkHeaderTest {
    private static final IeeeAddress DEVICE = IeeeAddress.parse("000D6F000A0B0C0D");
    private static final IeeeAddress TRUST_CENTER = IeeeAddress.parse("00124B0001020304");

    private static final byte[] MINIMAL_HEADER = Bytes.of(
            0x08, 0x00,  // NWK frame control 0x0008: data, protocol version 2, no flags
            0x2C, 0x4F,  // destination address 0x4F2C
            0x00, 0x00,  // source address 0x0000 (the Trust Center)
            0x1E,        // radius 30
            0x7B);       // sequence number 123

    private static final byte[] FULL_HEADER = Bytes.of(
            0x48, 0x3F,  // NWK frame control 0x3F48: data, version 2, discover route enable, multicast,
                         //   security, source route, destination IEEE, source IEEE, end device initiator
            0x02, 0x01,  // destination address 0x0102 (the multicast group)
            0x2C, 0x4F,  // source address 0x4F2C
            0x0A,        // radius 10
            0x7B,        // sequence number 123
            0x0D, 0x0C, 0x0B, 0x0A, 0x00, 0x6F, 0x0D, 0x00,  // destination IEEE 000D6F000A0B0C0D
            0x04, 0x03, 0x02, 0x01, 0x00, 0x4B, 0x12, 0x00,  // source IEEE 00124B0001020304
            0xED,        // multicast control: member mode (01), non-member radius 3 (011), max 7 (111)
            0x02,        // source route relay count 2
            0x01,        // relay index 1
            0x34, 0x12,  // relay 0x1234
            0xCD, 0xAB); // relay 0xABCD

    @Test
    void decodesTheMinimalHeaderOfATransportKeyFrame() {
        NwkHeader header = NwkHeader.decode(MINIMAL_HEADER);

        assertThat(header.frameControl()).isEqualTo(new NwkFrameControl(FrameType.DATA, 2, DiscoverRoute.SUPPRESS,
                false, false, false, false, false, false));
        assertThat(header.destinationAddress()).isEqualTo(0x4F2C);
        assertThat(header.sourceAddress()).isEqualTo(0x0000);
        assertThat(header.radius()).isEqualTo(30);
        assertThat(header.sequenceNumber()).isEqualTo(123);
        assertThat(header.destinationIeeeAddress()).isNull();
        assertThat(header.sourceIeeeAddress()).isNull();
        assertThat(header.multicastControl()).isNull();
        assertThat(header.sourceRoute()).isNull();
        assertThat(header.length()).isEqualTo(8);
    }

    @Test
    void decodesEveryOptionalField() {
        NwkHeader header = NwkHeader.decode(FULL_HEADER);

        NwkFrameControl frameControl = header.frameControl();
        assertThat(frameControl.frameType()).isEqualTo(FrameType.DATA);
        assertThat(frameControl.protocolVersion()).isEqualTo(2);
        assertThat(frameControl.discoverRoute()).isEqualTo(DiscoverRoute.ENABLE);
        assertThat(frameControl.multicast()).isTrue();
        assertThat(frameControl.security()).isTrue();
        assertThat(frameControl.sourceRoute()).isTrue();
        assertThat(frameControl.destinationIeeeAddressPresent()).isTrue();
        assertThat(frameControl.sourceIeeeAddressPresent()).isTrue();
        assertThat(frameControl.endDeviceInitiator()).isTrue();
        assertThat(header.destinationAddress()).isEqualTo(0x0102);
        assertThat(header.sourceAddress()).isEqualTo(0x4F2C);
        assertThat(header.radius()).isEqualTo(10);
        assertThat(header.sequenceNumber()).isEqualTo(123);
        assertThat(header.destinationIeeeAddress()).isEqualTo(DEVICE);
        assertThat(header.sourceIeeeAddress()).isEqualTo(TRUST_CENTER);
        assertThat(header.multicastControl())
                .isEqualTo(new MulticastControl(MulticastControl.MulticastMode.MEMBER, 3, 7));
        assertThat(header.sourceRoute()).isEqualTo(new SourceRouteSubframe(1, List.of(0x1234, 0xABCD)));
        assertThat(header.length()).isEqualTo(FULL_HEADER.length);
    }

    @Test
    void theBuilderSetsTheFlagsOfTheFieldsItIsGiven() {
        NwkHeader header = NwkHeader.builder()
                .discoverRoute(DiscoverRoute.ENABLE)
                .security(true)
                .endDeviceInitiator(true)
                .destinationAddress(0x0102)
                .sourceAddress(0x4F2C)
                .radius(10)
                .sequenceNumber(123)
                .destinationIeeeAddress(DEVICE)
                .sourceIeeeAddress(TRUST_CENTER)
                .multicastControl(new MulticastControl(MulticastControl.MulticastMode.MEMBER, 3, 7))
                .sourceRoute(new SourceRouteSubframe(1, List.of(0x1234, 0xABCD)))
                .build();

        assertThat(header.encode()).isEqualTo(FULL_HEADER);
        assertThat(header.toBuilder().build()).isEqualTo(header);
    }

    @Test
    void encodesTheMinimalHeader() {
        NwkHeader header = NwkHeader.builder().destinationAddress(0x4F2C).sourceAddress(0x0000).radius(30)
                .sequenceNumber(123).build();

        assertThat(header.encode()).isEqualTo(MINIMAL_HEADER);
    }

    @Test
    void decodingFromAReaderStopsAtThePayload() {
        ByteReader reader = ByteReader.of(Bytes.concat(MINIMAL_HEADER, Bytes.of(0x21, 0x42)));

        NwkHeader.decode(reader);

        assertThat(reader.position()).isEqualTo(8);
        assertThat(reader.readRemaining()).containsExactly(0x21, 0x42);
    }

    @Test
    void decodingAWholeArrayRefusesTrailingBytes() {
        byte[] withPayload = Bytes.concat(MINIMAL_HEADER, Bytes.of(0x21));

        assertRejected(() -> NwkHeader.decode(withPayload), TRAILING_BYTES, "NWK header", 8);
    }

    @Test
    void aTruncatedHeaderNamesTheFieldThatIsCutShort() {
        assertRejected(() -> NwkHeader.decode(Arrays.copyOf(MINIMAL_HEADER, 1)), TRUNCATED, "NWK frame control", 0);
        assertRejected(() -> NwkHeader.decode(Arrays.copyOf(MINIMAL_HEADER, 7)), TRUNCATED, "NWK sequence number", 7);
        assertRejected(() -> NwkHeader.decode(Arrays.copyOf(FULL_HEADER, 20)), TRUNCATED,
                "NWK source IEEE address", 16);
        assertRejected(() -> NwkHeader.decode(Arrays.copyOf(FULL_HEADER, 24)), TRUNCATED,
                "NWK multicast control", 24);
        assertRejected(() -> NwkHeader.decode(Arrays.copyOf(FULL_HEADER, 30)), TRUNCATED,
                "NWK source route relay list", 29);
    }

    @Test
    void theReservedFrameTypeIsInvalid() {
        FrameFormatException e = assertRejected(() -> NwkHeader.decode(withFrameControl(0x0A, 0x00)), // type 0b10
                INVALID_VALUE, "NWK frame control", 0);

        assertThat(e).hasMessageContaining("frame type 0b10 is reserved");
    }

    @Test
    void interPanFramesAreNotHandled() {
        FrameFormatException e = assertRejected(() -> NwkHeader.decode(withFrameControl(0x0B, 0x00)), // type 0b11
                UNSUPPORTED, "NWK frame control", 0);

        assertThat(e).hasMessageContaining("inter-PAN");
    }

    @Test
    void protocolVersionsOtherThan2AreNotHandled() {
        FrameFormatException e = assertRejected(() -> NwkHeader.decode(withFrameControl(0x0C, 0x00)), // version 3
                UNSUPPORTED, "NWK frame control", 0);

        assertThat(e).hasMessageContaining("protocol version 3, expected 2");
        assertRejected(() -> NwkHeader.decode(withFrameControl(0x04, 0x00)), // version 1 (Zigbee 2004)
                UNSUPPORTED, "NWK frame control", 0);
    }

    @Test
    void reservedDiscoverRouteValuesAndReservedBitsAreInvalid() {
        assertRejected(() -> NwkHeader.decode(withFrameControl(0x88, 0x00)), // discover route 0b10
                INVALID_VALUE, "NWK frame control", 0);
        assertRejected(() -> NwkHeader.decode(withFrameControl(0xC8, 0x00)), // discover route 0b11
                INVALID_VALUE, "NWK frame control", 0);
        FrameFormatException e = assertRejected(() -> NwkHeader.decode(withFrameControl(0x08, 0x40)), // bit 14
                INVALID_VALUE, "NWK frame control", 0);
        assertThat(e).hasMessageContaining("reserved bits 14-15");
    }

    @Test
    void reservedMulticastModesAreInvalid() {
        byte[] frame = Bytes.of(
                0x08, 0x01,  // NWK frame control 0x0108: data, version 2, multicast
                0x02, 0x01,  // destination group 0x0102
                0x2C, 0x4F,  // source 0x4F2C
                0x0A, 0x7B,  // radius, sequence number
                0x02);       // multicast control: mode 0b10 (reserved)

        assertRejected(() -> NwkHeader.decode(frame), INVALID_VALUE, "NWK multicast control", 8);
    }

    @Test
    void aSourceRouteMustListRelaysAndPointIntoTheList() {
        byte[] noRelays = Bytes.of(
                0x08, 0x04,  // NWK frame control 0x0408: data, version 2, source route
                0x2C, 0x4F, 0x00, 0x00, 0x1E, 0x7B,
                0x00,        // relay count 0
                0x00);       // relay index 0
        byte[] indexPastTheList = Bytes.of(
                0x08, 0x04,  // NWK frame control 0x0408: data, version 2, source route
                0x2C, 0x4F, 0x00, 0x00, 0x1E, 0x7B,
                0x01,        // relay count 1
                0x01,        // relay index 1: there is no second relay
                0x34, 0x12); // relay 0x1234

        assertThat(assertRejected(() -> NwkHeader.decode(noRelays), INVALID_VALUE, "NWK source route subframe", 8))
                .hasMessageContaining("1..255 relays, got 0");
        assertThat(assertRejected(() -> NwkHeader.decode(indexPastTheList), INVALID_VALUE,
                "NWK source route subframe", 8))
                .hasMessageContaining("relay index is 1, expected 0..0");
    }

    @Test
    void fieldsThatDisagreeWithTheFrameControlAreRefused() {
        NwkFrameControl noIeeeFields = NwkFrameControl.of(FrameType.DATA);

        assertThatThrownBy(() -> new NwkHeader(noIeeeFields, 0x4F2C, 0, 30, 1, DEVICE, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NWK destination IEEE address is given but must be absent unless the frame control's "
                        + "destination IEEE address flag is set");
        NwkFrameControl multicast = new NwkFrameControl(FrameType.DATA, 2, DiscoverRoute.SUPPRESS, true, false, false,
                false, false, false);
        assertThatThrownBy(() -> new NwkHeader(multicast, 0x0102, 0, 30, 1, null, null, null, null))
                .hasMessage("NWK multicast control is missing: it must be present when the frame control's "
                        + "multicast flag is set");
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        assertThatThrownBy(() -> NwkHeader.builder().destinationAddress(0x10000).build())
                .hasMessage("NWK destination address is 65536, expected 0..65535");
        assertThatThrownBy(() -> NwkHeader.builder().radius(256).build())
                .hasMessage("NWK radius is 256, expected 0..255");
        assertThatThrownBy(() -> NwkHeader.builder().sequenceNumber(-1).build())
                .hasMessage("NWK sequence number is -1, expected 0..255");
        assertThatThrownBy(() -> new MulticastControl(MulticastControl.MulticastMode.MEMBER, 8, 0))
                .hasMessage("non-member radius is 8, expected 0..7");
        assertThatThrownBy(() -> new SourceRouteSubframe(0, List.of(0x10000)))
                .hasMessage("relay address is 65536, expected 0..65535");
    }

    @Test
    void aFullHeaderCannotBeBuiltForAnInterPanFrame() {
        assertThatThrownBy(() -> NwkHeader.builder().frameType(FrameType.INTER_PAN).build())
                .hasMessageContaining("stub NWK header");
    }

    @Test
    void onlyProtocolVersion2CanBeConstructed() {
        assertThatThrownBy(() -> new NwkFrameControl(FrameType.DATA, 3, DiscoverRoute.SUPPRESS, false, false, false,
                false, false, false))
                .hasMessage("NWK protocol version is 3, expected 2 (Zigbee 2006 / Zigbee PRO)");
    }

    private static byte[] withFrameControl(int low, int high) {
        byte[] frame = MINIMAL_HEADER.clone();
        frame[0] = (byte) low;
        frame[1] = (byte) high;
        return frame;
    }
}
