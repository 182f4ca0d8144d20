package io.enrolgate.zigbee.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.zigbee.IeeeAddress;
import org.junit.jupiter.api.Test;

class ByteWriterTest {

    @Test
    void writesLittleEndianIntegersAndGrowsAsNeeded() {
        ByteWriter writer = new ByteWriter(1);

        writer.writeU8(0xAB)
                .writeU16(0x1234)
                .writeU32(0xF2345678L)
                .writeIeeeAddress(IeeeAddress.parse("00124B0001020304"))
                .writeBytes(Bytes.of(0xC0, 0xC1));

        assertThat(writer.size()).isEqualTo(17);
        assertThat(writer.toByteArray()).isEqualTo(Bytes.of(
                0xAB,                                            // u8
                0x34, 0x12,                                      // u16 0x1234
                0x78, 0x56, 0x34, 0xF2,                          // u32 0xF2345678
                0x04, 0x03, 0x02, 0x01, 0x00, 0x4B, 0x12, 0x00,  // IEEE 00124B0001020304, on air LE
                0xC0, 0xC1));                                    // raw bytes
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        ByteWriter writer = new ByteWriter();

        assertThatThrownBy(() -> writer.writeU8(256)).hasMessage("u8 value 256 is outside 0..255");
        assertThatThrownBy(() -> writer.writeU8(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeU16(0x10000)).hasMessage("u16 value 65536 is outside 0..65535");
        assertThatThrownBy(() -> writer.writeU32(0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class);
        assertThat(writer.size()).isZero();
    }
}
