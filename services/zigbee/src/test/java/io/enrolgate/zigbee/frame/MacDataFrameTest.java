package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameAssertions.assertRejected;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.BAD_FCS;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.INVALID_VALUE;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.TRUNCATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MacDataFrameTest {
    private static final MacHeader BROADCAST_HEADER = MacHeader.dataFrame(1, 0x1A62,
            MacAddress.shortAddress(0xFFFF), MacAddress.shortAddress(0x0000), true);

    private static final byte[] MPDU = Bytes.of(
            0x61, 0x88,  // MAC frame control 0x8861: data, ack request, PAN ID compression, short addresses
            0x01,        // sequence number 1
            0x62, 0x1A,  // destination PAN 0x1A62
            0xFF, 0xFF,  // destination 0xFFFF
            0x00, 0x00,  // source 0x0000
            0xAA, 0xBB,  // payload
            0x6B, 0x29); // FCS 0x296B (from an independent CRC-16/KERMIT implementation), little-endian

    @Test
    void encodesHeaderPayloadAndFcs() {
        MacDataFrame frame = new MacDataFrame(BROADCAST_HEADER, Bytes.of(0xAA, 0xBB));

        assertThat(frame.encode()).isEqualTo(MPDU);
        assertThat(frame.length()).isEqualTo(MPDU.length);
    }

    @Test
    void decodesAndVerifiesTheFcs() {
        MacDataFrame frame = MacDataFrame.decode(MPDU);

        assertThat(frame.header()).isEqualTo(BROADCAST_HEADER);
        assertThat(frame.payload()).containsExactly(0xAA, 0xBB);
    }

    @Test
    void aWrongFcsIsReportedWithBothValues() {
        byte[] corrupted = MPDU.clone();
        corrupted[9] ^= 0x01;  // one payload bit

        FrameFormatException e = assertRejected(() -> MacDataFrame.decode(corrupted), BAD_FCS,
                "MAC frame check sequence", 11);

        assertThat(e).hasMessageContaining("the frame carries 0x296B but its bytes give");
    }

    @Test
    void theFcsCheckCanBeSkippedForCapturesThatReplacedIt() {
        byte[] captured = MPDU.clone();
        captured[11] = (byte) 0xFF;  // FCS replaced by the sniffer's link quality bytes
        captured[12] = (byte) 0xFF;

        MacDataFrame frame = MacDataFrame.decode(captured, MacDataFrame.FcsCheck.IGNORE);

        assertThat(frame.payload()).containsExactly(0xAA, 0xBB);
        assertThat(frame.encode()).isEqualTo(MPDU);  // re-encoding writes the correct FCS
    }

    @Test
    void theFcsIsCheckedBeforeTheHeaderIsBelieved() {
        byte[] corrupted = MPDU.clone();
        corrupted[0] = (byte) 0x65;  // frame type 0b101 would be UNSUPPORTED, but the FCS fails first

        assertRejected(() -> MacDataFrame.decode(corrupted), BAD_FCS, "MAC frame check sequence", 11);
    }

    @Test
    void otherFrameTypesAreNotDataFrames() {
        byte[] beaconBytes = Bytes.of(
                0x00, 0x80,  // MAC frame control 0x8000: beacon, short source
                0x12,        // sequence number
                0x62, 0x1A,  // source PAN 0x1A62
                0x00, 0x00,  // source 0x0000
                0x00, 0x00); // FCS, not checked here

        FrameFormatException e = assertRejected(() -> MacDataFrame.decode(beaconBytes, MacDataFrame.FcsCheck.IGNORE),
                INVALID_VALUE, "MPDU", 0);

        assertThat(e).hasMessageContaining("expected a DATA frame");
    }

    @Test
    void framesTooShortOrTooLongAreRefused() {
        assertRejected(() -> MacDataFrame.decode(Bytes.of(0x61, 0x88, 0x01, 0x00)), TRUNCATED, "MPDU", 0);
        assertRejected(() -> MacDataFrame.decode(new byte[128]), INVALID_VALUE, "MPDU", 0);
        assertRejected(() -> MacDataFrame.decode(Bytes.of(0x61, 0x88, 0x01, 0x62, 0x1A), MacDataFrame.FcsCheck.IGNORE),
                TRUNCATED, "MAC destination PAN identifier", 3);
    }

    @Test
    void anMpduLongerThan127BytesCannotBeBuilt() {
        assertThat(new MacDataFrame(BROADCAST_HEADER, new byte[127 - 9 - 2]).length()).isEqualTo(127);
        assertThatThrownBy(() -> new MacDataFrame(BROADCAST_HEADER, new byte[127 - 9 - 1]))
                .hasMessage("the MPDU would be 128 bytes (header 9, payload 117, FCS 2), expected at most 127");
    }

    @Test
    void thePayloadIsCopiedInAndOut() {
        byte[] payload = Bytes.of(0xAA, 0xBB);
        MacDataFrame frame = new MacDataFrame(BROADCAST_HEADER, payload);

        payload[0] = 0x00;
        frame.payload()[1] = 0x00;

        assertThat(frame.payload()).containsExactly(0xAA, 0xBB);
        assertThat(frame).isEqualTo(new MacDataFrame(BROADCAST_HEADER, Bytes.of(0xAA, 0xBB)));
        assertThat(frame.toString()).endsWith("payload=2 bytes]");
    }
}
