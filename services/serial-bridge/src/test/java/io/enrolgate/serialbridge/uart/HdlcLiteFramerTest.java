package io.enrolgate.serialbridge.uart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.crypto.Crc16X25;
import org.junit.jupiter.api.Test;

class HdlcLiteFramerTest {

    @Test
    void framesThePayloadAndItsFcsLittleEndianBetweenFlags() throws Exception {
        byte[] payload = Hex.decode("0102030405");
        int fcs = Crc16X25.compute(payload);
        byte[] expected = new byte[] {0x7E, 1, 2, 3, 4, 5, (byte) fcs, (byte) (fcs >>> 8), 0x7E};
        assertThat((fcs & 0xFF) != 0x7E && (fcs & 0xFF) != 0x7D && (fcs >>> 8) != 0x7E && (fcs >>> 8) != 0x7D)
                .as("this vector's FCS needs no escaping").isTrue();

        assertThat(HdlcLiteFramer.encode(payload)).isEqualTo(expected);
    }

    @Test
    void escapesFlagAndEscapeBytesAndNothingElse() throws Exception {
        // The firmware unit test's payload (test_hdlc.c): 0x7E and 0x7D escaped, 0x11 sent as is.
        byte[] frame = HdlcLiteFramer.encode(new byte[] {0x02, 0x7E, 0x7D, 0x11});

        assertThat(java.util.Arrays.copyOfRange(frame, 0, 7))
                .isEqualTo(new byte[] {0x7E, 0x02, 0x7D, 0x5E, 0x7D, 0x5D, 0x11});
        assertThat(frame[frame.length - 1]).isEqualTo((byte) 0x7E);
        for (int i = 1; i < frame.length - 1; i++) {
            assertThat(frame[i]).as("no flag inside the frame").isNotEqualTo((byte) 0x7E);
        }
    }

    @Test
    void escapesAnFcsByteThatLooksLikeAFlag() throws Exception {
        byte[] payload = findPayloadWhoseFcsHasAFlagByte();
        byte[] frame = HdlcLiteFramer.encode(payload);
        RecordingListener listener = new RecordingListener();

        new HdlcLiteDecoder().push(frame, listener);

        assertThat(frame.length).isGreaterThan(payload.length + 4);
        assertThat(listener.frames).singleElement().isEqualTo(payload);
    }

    @Test
    void refusesAnEmptyPayload() {
        assertThatThrownBy(() -> HdlcLiteFramer.encode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAPayloadLargerThanTheGatewayBuffer() throws Exception {
        assertThat(HdlcLiteFramer.encode(new byte[HdlcLiteFramer.MAX_PAYLOAD])).isNotEmpty();
        assertThatThrownBy(() -> HdlcLiteFramer.encode(new byte[HdlcLiteFramer.MAX_PAYLOAD + 1]))
                .isInstanceOf(FrameTooLongException.class)
                .hasMessageContaining("385 bytes")
                .satisfies(e -> assertThat(((FrameTooLongException) e).length()).isEqualTo(385));
    }

    @Test
    void worstCaseLengthHoldsWhenEveryByteIsEscaped() throws Exception {
        byte[] payload = new byte[HdlcLiteFramer.MAX_PAYLOAD];
        java.util.Arrays.fill(payload, (byte) 0x7E);

        assertThat(HdlcLiteFramer.encode(payload).length)
                .isLessThanOrEqualTo(HdlcLiteFramer.maxEncodedLength(payload.length))
                .isGreaterThanOrEqualTo(2 * payload.length + 4);
    }

    private static byte[] findPayloadWhoseFcsHasAFlagByte() {
        for (int i = 0; i < 1 << 16; i++) {
            byte[] candidate = {0x03, (byte) i, (byte) (i >>> 8)};
            int fcs = Crc16X25.compute(candidate);
            if ((fcs & 0xFF) == 0x7E || (fcs >>> 8) == 0x7E) {
                return candidate;
            }
        }
        throw new AssertionError("no such payload");
    }
}
