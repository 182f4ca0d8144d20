package io.enrolgate.zigbee.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SharedVectors;
import org.junit.jupiter.api.Test;

class CcmNonceTest {

    @Test
    void buildsTheNonceOfTheSpecificationVector() {
        // C.3/C.4 nonce A0A1A2A3A4A5A6A7 03020100 06: an address whose on-air bytes are A0..A7,
        // frame counter 0x00010203, security control 0x06.
        byte[] nonce = CcmNonce.build(IeeeAddress.parse("A7A6A5A4A3A2A1A0"), 0x00010203L, 0x06);

        assertThat(nonce).isEqualTo(SharedVectors.hex(SharedVectors.section("ccm_star").get(0), "nonce"));
    }

    @Test
    void buildsTheNonceOfTheTransportKeyExample() {
        // DESIGN.md §4: trust center 00124B0001020304 (on air 04030201004B1200), frame counter
        // 123456 = 0x0001E240 (on air 40E20100), security control 0x35 (key-transport key, level 5).
        byte[] nonce = CcmNonce.build(IeeeAddress.parse("00124B0001020304"), 123_456L, 0x35);

        assertThat(nonce).isEqualTo(Hex.decode("04030201004B1200 40E20100 35"));
    }

    @Test
    void acceptsTheWholeRangeOfTheFrameCounter() {
        byte[] nonce = CcmNonce.build(IeeeAddress.parse("0000000000000000"), 0xFFFF_FFFFL, 0xFF);

        assertThat(nonce).isEqualTo(Hex.decode("0000000000000000 FFFFFFFF FF"));
    }

    @Test
    void rejectsAFrameCounterOutsideThirtyTwoBits() {
        IeeeAddress source = IeeeAddress.parse("00124B0001020304");

        assertThatThrownBy(() -> CcmNonce.build(source, 0x1_0000_0000L, 0x35))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frame counter 4294967296")
                .hasMessageContaining("expected 0 to 4294967295");
        assertThatThrownBy(() -> CcmNonce.build(source, -1L, 0x35))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frame counter -1");
    }

    @Test
    void rejectsASecurityControlThatIsNotOneByte() {
        IeeeAddress source = IeeeAddress.parse("00124B0001020304");

        assertThatThrownBy(() -> CcmNonce.build(source, 1L, 0x100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("security control 256");
        assertThatThrownBy(() -> CcmNonce.build(source, 1L, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("security control -1");
    }

    @Test
    void rejectsAMissingSource() {
        assertThatThrownBy(() -> CcmNonce.build(null, 1L, 0x35))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source IEEE address is missing");
    }
}
