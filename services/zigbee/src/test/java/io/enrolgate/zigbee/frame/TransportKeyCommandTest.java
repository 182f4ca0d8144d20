package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameAssertions.assertRejected;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.INVALID_VALUE;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.TRAILING_BYTES;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.TRUNCATED;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.UNSUPPORTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransportKeyCommandTest {
    private static final String KEY_HEX = "2B7E151628AED2A6ABF7158809CF4F3C";
    private static final SymmetricKey KEY = SymmetricKey.fromHex(KEY_HEX);
    private static final IeeeAddress DEVICE = IeeeAddress.parse("000D6F000A0B0C0D");
    private static final IeeeAddress TRUST_CENTER = IeeeAddress.parse("00124B0001020304");
    private static final byte[] KEY_BYTES = Bytes.of(
            0x2B, 0x7E, 0x15, 0x16, 0x28, 0xAE, 0xD2, 0xA6, 0xAB, 0xF7, 0x15, 0x88, 0x09, 0xCF, 0x4F, 0x3C);
    private static final byte[] DEVICE_ON_AIR = Bytes.of(0x0D, 0x0C, 0x0B, 0x0A, 0x00, 0x6F, 0x0D, 0x00);
    private static final byte[] TRUST_CENTER_ON_AIR = Bytes.of(0x04, 0x03, 0x02, 0x01, 0x00, 0x4B, 0x12, 0x00);

    /** DESIGN.md §4: 05 01 key(16) keySeq dstIEEE(LE) srcIEEE(LE), 35 bytes. */
    private static final byte[] NETWORK_KEY_COMMAND = Bytes.concat(
            Bytes.of(0x05,      // APS command identifier: Transport Key
                    0x01),      // key type: standard network key
            KEY_BYTES,          // the network key
            Bytes.of(0x00),     // key sequence number 0
            DEVICE_ON_AIR,      // destination address 000D6F000A0B0C0D
            TRUST_CENTER_ON_AIR); // source address 00124B0001020304

    @Test
    void decodesAStandardNetworkKey() {
        TransportKeyCommand command = TransportKeyCommand.decode(NETWORK_KEY_COMMAND);

        assertThat(command).isInstanceOfSatisfying(TransportKeyCommand.NetworkKey.class, networkKey -> {
            assertThat(networkKey.key()).isEqualTo(KEY);
            assertThat(networkKey.keySequenceNumber()).isZero();
            assertThat(networkKey.destinationAddress()).isEqualTo(DEVICE);
            assertThat(networkKey.sourceAddress()).isEqualTo(TRUST_CENTER);
        });
        assertThat(command.keyType()).isEqualTo(0x01);
        assertThat(NETWORK_KEY_COMMAND).hasSize(35);
        assertThat(command.length()).isEqualTo(35);
    }

    @Test
    void encodesAStandardNetworkKey() {
        assertThat(new TransportKeyCommand.NetworkKey(KEY, 0, DEVICE, TRUST_CENTER).encode())
                .isEqualTo(NETWORK_KEY_COMMAND);
    }

    @Test
    void anApplicationLinkKeyNamesThePartnerAndTheInitiator() {
        byte[] bytes = Bytes.concat(
                Bytes.of(0x05, 0x03),  // Transport Key, key type: application link key
                KEY_BYTES,
                DEVICE_ON_AIR,         // partner address 000D6F000A0B0C0D
                Bytes.of(0x01));       // initiator flag: true

        TransportKeyCommand command = TransportKeyCommand.decode(bytes);

        assertThat(command).isEqualTo(new TransportKeyCommand.ApplicationLinkKey(KEY, DEVICE, true));
        assertThat(command.keyType()).isEqualTo(0x03);
        assertThat(command.encode()).isEqualTo(bytes);
        bytes[bytes.length - 1] = 0x00;  // initiator flag: false
        assertThat(TransportKeyCommand.decode(bytes))
                .isEqualTo(new TransportKeyCommand.ApplicationLinkKey(KEY, DEVICE, false));
    }

    @Test
    void aTrustCenterLinkKeyNamesBothEnds() {
        byte[] bytes = Bytes.concat(
                Bytes.of(0x05, 0x04),  // Transport Key, key type: Trust Center link key
                KEY_BYTES,
                DEVICE_ON_AIR,         // destination address
                TRUST_CENTER_ON_AIR);  // source address

        TransportKeyCommand command = TransportKeyCommand.decode(bytes);

        assertThat(command).isEqualTo(new TransportKeyCommand.TrustCenterLinkKey(KEY, DEVICE, TRUST_CENTER));
        assertThat(command.keyType()).isEqualTo(0x04);
        assertThat(command.encode()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x02, 0x05, 0x06, 0xFF})
    void unknownKeyTypesAreNotHandledAndTheValueIsNamed(int keyType) {
        byte[] bytes = NETWORK_KEY_COMMAND.clone();
        bytes[1] = (byte) keyType;

        FrameFormatException e = assertRejected(() -> TransportKeyCommand.decode(bytes), UNSUPPORTED, "key type", 1);

        assertThat(e).hasMessageContaining(String.format("key type 0x%02X", keyType));
    }

    @Test
    void anotherApsCommandIsNotATransportKey() {
        byte[] bytes = NETWORK_KEY_COMMAND.clone();
        bytes[0] = 0x0E;  // APS command identifier: Request Key

        FrameFormatException e = assertRejected(() -> TransportKeyCommand.decode(bytes), INVALID_VALUE,
                "APS command identifier", 0);

        assertThat(e).hasMessage("APS command identifier at byte offset 0: command 0x0E is not Transport Key, "
                + "expected 0x05");
    }

    @Test
    void anInitiatorFlagOtherThan0Or1IsInvalid() {
        byte[] bytes = Bytes.concat(Bytes.of(0x05, 0x03), KEY_BYTES, DEVICE_ON_AIR,
                Bytes.of(0x02));  // initiator flag 0x02

        assertRejected(() -> TransportKeyCommand.decode(bytes), INVALID_VALUE, "initiator flag", 26);
    }

    @Test
    void aTruncatedCommandNamesTheFieldThatIsCutShort() {
        assertRejected(() -> TransportKeyCommand.decode(new byte[0]), TRUNCATED, "APS command identifier", 0);
        assertRejected(() -> TransportKeyCommand.decode(Bytes.of(0x05)), TRUNCATED, "key type", 1);
        assertRejected(() -> TransportKeyCommand.decode(Arrays.copyOf(NETWORK_KEY_COMMAND, 10)), TRUNCATED, "key", 2);
        assertRejected(() -> TransportKeyCommand.decode(Arrays.copyOf(NETWORK_KEY_COMMAND, 34)), TRUNCATED,
                "source address", 27);
    }

    @Test
    void aCommandWithExtraBytesIsRefused() {
        byte[] bytes = Bytes.concat(NETWORK_KEY_COMMAND, Bytes.of(0x00));

        assertRejected(() -> TransportKeyCommand.decode(bytes), TRAILING_BYTES, "Transport Key command", 35);
    }

    @Test
    void theKeyNeverAppearsInTextOrErrors() {
        TransportKeyCommand command = TransportKeyCommand.decode(NETWORK_KEY_COMMAND);
        byte[] corrupted = NETWORK_KEY_COMMAND.clone();
        corrupted[1] = 0x02;
        byte[] extra = Bytes.concat(NETWORK_KEY_COMMAND, Bytes.of(0x00));

        assertThat(command.toString()).doesNotContainIgnoringCase(KEY_HEX).contains("redacted");
        assertThat(catchThrowable(() -> TransportKeyCommand.decode(corrupted)).getMessage())
                .doesNotContainIgnoringCase(KEY_HEX);
        assertThat(catchThrowable(() -> TransportKeyCommand.decode(extra)).getMessage())
                .doesNotContainIgnoringCase(KEY_HEX);
    }

    @Test
    void missingFieldsAreRefusedAtConstruction() {
        assertThatThrownBy(() -> new TransportKeyCommand.NetworkKey(null, 0, DEVICE, TRUST_CENTER))
                .hasMessage("Transport Key command needs a key");
        assertThatThrownBy(() -> new TransportKeyCommand.NetworkKey(KEY, 256, DEVICE, TRUST_CENTER))
                .hasMessage("key sequence number is 256, expected 0..255");
        assertThatThrownBy(() -> new TransportKeyCommand.TrustCenterLinkKey(KEY, DEVICE, null))
                .hasMessage("Transport Key command needs the source address");
        assertThatThrownBy(() -> new TransportKeyCommand.ApplicationLinkKey(KEY, null, true))
                .hasMessage("Transport Key command needs the partner address");
    }
}
