package io.enrolgate.zigbee.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MacFcsTest {

    @Test
    void matchesTheCatalogueCheckValueOfCrc16Kermit() {
        // The CRC catalogue's check value: CRC-16/KERMIT of the ASCII digits "123456789" is 0x2189.
        assertThat(MacFcs.compute("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x2189);
    }

    @Test
    void ofNothingIsTheInitialValue() {
        assertThat(MacFcs.compute(new byte[0])).isZero();
    }

    @Test
    void coversOnlyTheGivenRange() {
        // An acknowledgment frame 02 00 56 in the middle of other bytes; its FCS 0x820B comes from an
        // independent CRC-16/KERMIT implementation.
        byte[] bytes = Bytes.of(0xEE, 0x02, 0x00, 0x56, 0xEE);

        assertThat(MacFcs.compute(bytes, 1, 3)).isEqualTo(0x820B);
    }
}
