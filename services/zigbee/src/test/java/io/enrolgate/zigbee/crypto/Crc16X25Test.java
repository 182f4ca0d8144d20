package io.enrolgate.zigbee.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Crc16X25Test {

    static List<JsonNode> crcVectors() {
        return SharedVectors.section("crc16_x25");
    }

    @ParameterizedTest
    @MethodSource("crcVectors")
    void matchesTheSharedVector(JsonNode vector) {
        byte[] data = vector.has("data_ascii")
                ? vector.get("data_ascii").asText().getBytes(StandardCharsets.US_ASCII)
                : SharedVectors.hex(vector, "code");
        int expected = Integer.parseInt(vector.get("crc").asText(), 16);

        assertThat(Crc16X25.compute(data)).isEqualTo(expected);
        if (vector.has("appended")) {
            // The vector also gives the CRC as it follows an install code: little-endian.
            byte[] appended = SharedVectors.hex(vector, "appended");
            assertThat(new byte[] {(byte) expected, (byte) (expected >>> 8)}).isEqualTo(appended);
        }
    }

    @Test
    void theCheckValueOfTheCatalogue() {
        // CRC-16/IBM-SDLC (X.25) in the CRC catalogue: check = 0x906E over ASCII "123456789".
        assertThat(Crc16X25.compute("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x906E);
    }

    @Test
    void theEmptyInputGivesInitialValueXorFinalXor() {
        // 0xFFFF ^ 0xFFFF, nothing shifted in.
        assertThat(Crc16X25.compute(new byte[0])).isZero();
    }

    @Test
    void aRangeIsTheCrcOfJustThoseBytes() {
        // The 16-byte Silicon Labs install code inside a frame: 2 bytes before, 3 after.
        byte[] framed = Hex.decode("AAAA 83FED3407A939723A5C639B26916D505 BBBBBB");

        assertThat(Crc16X25.compute(framed, 2, 16)).isEqualTo(0xB5C3);
    }

    @Test
    void aRangeOutsideTheArrayIsRejected() {
        byte[] data = new byte[4];

        assertThatThrownBy(() -> Crc16X25.compute(data, 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Crc16X25.compute(data, -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
