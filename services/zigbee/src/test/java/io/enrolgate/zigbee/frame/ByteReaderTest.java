package io.enrolgate.zigbee.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.zigbee.IeeeAddress;
import org.junit.jupiter.api.Test;

class ByteReaderTest {

    @Test
    void readsLittleEndianIntegersInOrder() {
        ByteReader reader = ByteReader.of(Bytes.of(
                0xAB,                                           // u8 0xAB
                0x34, 0x12,                                     // u16 0x1234
                0x78, 0x56, 0x34, 0xF2,                         // u32 0xF2345678 (top bit set: stays positive)
                0x04, 0x03, 0x02, 0x01, 0x00, 0x4B, 0x12, 0x00)); // IEEE 00124B0001020304

        assertThat(reader.readU8("a")).isEqualTo(0xAB);
        assertThat(reader.readU16("b")).isEqualTo(0x1234);
        assertThat(reader.readU32("c")).isEqualTo(0xF2345678L);
        assertThat(reader.readIeeeAddress("d")).isEqualTo(IeeeAddress.parse("00124B0001020304"));
        assertThat(reader.hasRemaining()).isFalse();
        assertThat(reader.position()).isEqualTo(15);
    }

    @Test
    void readsU64WithTheTopBitSet() {
        ByteReader reader = ByteReader.of(Bytes.of(0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80));

        assertThat(reader.readU64("value")).isEqualTo(0x8000_0000_0000_0001L);
    }

    @Test
    void aSliceStartsCountingAtItsOwnFirstByte() {
        byte[] bytes = Bytes.of(0xEE, 0xEE, 0x01, 0x02, 0xEE);
        ByteReader reader = ByteReader.of(bytes, 2, 2);

        assertThat(reader.position()).isZero();
        assertThat(reader.readU16("value")).isEqualTo(0x0201);
        assertThatThrownBy(() -> reader.readU8("next field"))
                .isInstanceOfSatisfying(FrameFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FrameFormatException.Reason.TRUNCATED);
                    assertThat(e.offset()).isEqualTo(2);
                });
    }

    @Test
    void readingPastTheEndNamesTheFieldItsOffsetAndTheMissingLength() {
        ByteReader reader = ByteReader.of(Bytes.of(0x01, 0x02, 0x03));
        reader.readU16("first");

        assertThatThrownBy(() -> reader.readU32("NWK frame counter"))
                .isInstanceOfSatisfying(FrameFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FrameFormatException.Reason.TRUNCATED);
                    assertThat(e.field()).isEqualTo("NWK frame counter");
                    assertThat(e.offset()).isEqualTo(2);
                })
                .hasMessage("NWK frame counter at byte offset 2: expected 4 byte(s) but the input ends after 1");
    }

    @Test
    void aFailedReadConsumesNothing() {
        ByteReader reader = ByteReader.of(Bytes.of(0x01));

        assertThatThrownBy(() -> reader.readU16("two bytes")).isInstanceOf(FrameFormatException.class);
        assertThat(reader.readU8("one byte")).isEqualTo(1);
    }

    @Test
    void readBytesCopiesAndReadRemainingTakesTheRest() {
        byte[] bytes = Bytes.of(0x01, 0x02, 0x03, 0x04);
        ByteReader reader = ByteReader.of(bytes);

        byte[] first = reader.readBytes(2, "first");
        first[0] = 0x7F;

        assertThat(bytes[0]).isEqualTo((byte) 0x01);
        assertThat(reader.readRemaining()).containsExactly(0x03, 0x04);
        assertThat(reader.readRemaining()).isEmpty();
    }

    @Test
    void requireEndReportsTrailingBytes() {
        ByteReader reader = ByteReader.of(Bytes.of(0x01, 0x02, 0x03));
        reader.readU8("only field");

        assertThatThrownBy(() -> reader.requireEnd("test structure"))
                .isInstanceOfSatisfying(FrameFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FrameFormatException.Reason.TRAILING_BYTES);
                    assertThat(e.offset()).isEqualTo(1);
                })
                .hasMessageContaining("2 byte(s) follow the end of the test structure");
    }

    @Test
    void aSliceOutsideTheArrayIsAProgrammingError() {
        assertThatThrownBy(() -> ByteReader.of(new byte[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
