package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameAssertions.assertRejected;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.INVALID_VALUE;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.TRAILING_BYTES;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.TRUNCATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.frame.AuxSecurityHeader.KeyIdentifier;
import io.enrolgate.zigbee.frame.AuxSecurityHeader.SecurityLevel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AuxSecurityHeaderTest {
    private static final IeeeAddress TRUST_CENTER = IeeeAddress.parse("00124B0001020304");

    /** The auxiliary header of a Transport Key as a Trust Center sends it (DESIGN.md §4). */
    private static final byte[] TRANSPORT_KEY_ON_AIR = Bytes.of(
            0x30,                    // security control: level 000, key id 2 (key-transport), extended nonce
            0x40, 0xE2, 0x01, 0x00,  // frame counter 123456 (0x0001E240)
            0x04, 0x03, 0x02, 0x01, 0x00, 0x4B, 0x12, 0x00);  // source IEEE 00124B0001020304

    @Test
    void decodesTheHeaderOfATransportKey() {
        AuxSecurityHeader header = AuxSecurityHeader.decode(TRANSPORT_KEY_ON_AIR);

        assertThat(header.securityLevel()).isEqualTo(SecurityLevel.NONE);
        assertThat(header.keyIdentifier()).isEqualTo(KeyIdentifier.KEY_TRANSPORT_KEY);
        assertThat(header.extendedNonce()).isTrue();
        assertThat(header.requireVerifiedFrameCounter()).isFalse();
        assertThat(header.frameCounter()).isEqualTo(123456L);
        assertThat(header.sourceAddress()).isEqualTo(TRUST_CENTER);
        assertThat(header.keySequenceNumber()).isNull();
        assertThat(header.length()).isEqualTo(13);
    }

    @Test
    void theTransportKeyFactoryEncodesWhatATrustCenterSends() {
        assertThat(AuxSecurityHeader.forTransportKey(123456L, TRUST_CENTER).encode()).isEqualTo(TRANSPORT_KEY_ON_AIR);
    }

    @Test
    void theAuthenticatedFormCarriesSecurityLevel5() {
        AuxSecurityHeader onAir = AuxSecurityHeader.decode(TRANSPORT_KEY_ON_AIR);

        byte[] authenticated = onAir.encodeWithSecurityLevel(SecurityLevel.ENC_MIC_32);

        assertThat(authenticated).isEqualTo(Bytes.of(
                0x35,                    // security control 0x30 with level bits 101 (ENC-MIC-32)
                0x40, 0xE2, 0x01, 0x00,  // frame counter unchanged
                0x04, 0x03, 0x02, 0x01, 0x00, 0x4B, 0x12, 0x00));  // source IEEE unchanged
        assertThat(onAir.withSecurityLevel(SecurityLevel.ENC_MIC_32).securityControl()).isEqualTo(0x35);
        assertThat(onAir.securityControl()).isEqualTo(0x30);
    }

    @Test
    void aNetworkKeyHeaderCarriesTheKeySequenceNumber() {
        byte[] bytes = Bytes.of(
                0x28,                    // security control: level 000, key id 1 (network key), extended nonce
                0x01, 0x00, 0x00, 0x00,  // frame counter 1
                0x04, 0x03, 0x02, 0x01, 0x00, 0x4B, 0x12, 0x00,  // source IEEE 00124B0001020304
                0x07);                   // key sequence number 7

        AuxSecurityHeader header = AuxSecurityHeader.decode(bytes);

        assertThat(header).isEqualTo(new AuxSecurityHeader(SecurityLevel.NONE, KeyIdentifier.NETWORK_KEY, false, 1L,
                TRUST_CENTER, 7));
        assertThat(header.encode()).isEqualTo(bytes);
    }

    @Test
    void withoutExtendedNonceThereIsNoSourceAddress() {
        byte[] bytes = Bytes.of(
                0x45,                    // security control: level 5, key id 0 (data key), verified frame counter
                0xFF, 0xFF, 0xFF, 0xFF); // frame counter 4294967295

        AuxSecurityHeader header = AuxSecurityHeader.decode(bytes);

        assertThat(header.securityLevel()).isEqualTo(SecurityLevel.ENC_MIC_32);
        assertThat(header.securityLevel().micLength()).isEqualTo(4);
        assertThat(header.securityLevel().encrypted()).isTrue();
        assertThat(header.keyIdentifier()).isEqualTo(KeyIdentifier.DATA_KEY);
        assertThat(header.requireVerifiedFrameCounter()).isTrue();
        assertThat(header.frameCounter()).isEqualTo(0xFFFF_FFFFL);
        assertThat(header.extendedNonce()).isFalse();
        assertThat(header.encode()).isEqualTo(bytes);
    }

    @Test
    void theReservedBitIsInvalid() {
        FrameFormatException e = assertRejected(() -> AuxSecurityHeader.decode(Bytes.of(
                0xB0,                    // security control 0x30 with reserved bit 7
                0x01, 0x00, 0x00, 0x00, 0x04, 0x03, 0x02, 0x01, 0x00, 0x4B, 0x12, 0x00)),
                INVALID_VALUE, "security control", 0);

        assertThat(e).hasMessageContaining("reserved bit 7");
    }

    @Test
    void aTruncatedHeaderNamesTheFieldThatIsCutShort() {
        assertRejected(() -> AuxSecurityHeader.decode(new byte[0]), TRUNCATED, "security control", 0);
        assertRejected(() -> AuxSecurityHeader.decode(Bytes.of(0x30, 0x40, 0xE2)), TRUNCATED, "frame counter", 1);
        assertRejected(() -> AuxSecurityHeader.decode(Arrays.copyOf(TRANSPORT_KEY_ON_AIR, 12)), TRUNCATED,
                "source address", 5);
        assertRejected(() -> AuxSecurityHeader.decode(Bytes.of(0x08, 0x01, 0x00, 0x00, 0x00)), TRUNCATED,
                "key sequence number", 5);
    }

    @Test
    void decodingAWholeArrayRefusesTrailingBytes() {
        assertRejected(() -> AuxSecurityHeader.decode(Bytes.concat(TRANSPORT_KEY_ON_AIR, Bytes.of(0x0E))),
                TRAILING_BYTES, "auxiliary security header", 13);
    }

    @Test
    void theKeySequenceNumberGoesWithTheNetworkKeyOnly() {
        assertThatThrownBy(() -> new AuxSecurityHeader(SecurityLevel.NONE, KeyIdentifier.NETWORK_KEY, false, 1L,
                TRUST_CENTER, null))
                .hasMessage("key sequence number is missing: it must be present when the key identifier is the "
                        + "network key");
        assertThatThrownBy(() -> new AuxSecurityHeader(SecurityLevel.NONE, KeyIdentifier.KEY_TRANSPORT_KEY, false, 1L,
                TRUST_CENTER, 0))
                .hasMessage("key sequence number is given but must be absent unless the key identifier is the "
                        + "network key");
    }

    @Test
    void theFrameCounterIsAnUnsigned32BitValue() {
        assertThatThrownBy(() -> AuxSecurityHeader.forTransportKey(0x1_0000_0000L, TRUST_CENTER))
                .hasMessage("frame counter is 4294967296, expected 0..4294967295 (unsigned 32 bits)");
        assertThatThrownBy(() -> AuxSecurityHeader.forTransportKey(-1L, TRUST_CENTER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuxSecurityHeader.forTransportKey(1L, null))
                .hasMessageContaining("Trust Center's IEEE address");
    }

    @Test
    void securityLevelsFollowTheSpecificationTable() {
        // Zigbee specification table 4.38: level, encrypted, MIC length.
        assertThat(SecurityLevel.values()).extracting(SecurityLevel::value).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(SecurityLevel.values()).extracting(SecurityLevel::micLength)
                .containsExactly(0, 4, 8, 16, 0, 4, 8, 16);
        assertThat(SecurityLevel.values()).extracting(SecurityLevel::encrypted)
                .containsExactly(false, false, false, false, true, true, true, true);
    }
}
