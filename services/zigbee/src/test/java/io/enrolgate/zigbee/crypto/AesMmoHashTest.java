package io.enrolgate.zigbee.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.SharedVectors;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AesMmoHashTest {
    /** C.5.3 to C.5.6 describe their message instead of listing it: "N bytes" of i & 0xFF. */
    private static final Pattern GENERATED_LENGTH = Pattern.compile("(\\d+) bytes");

    static List<JsonNode> hashVectors() {
        return SharedVectors.section("aes_mmo_hash");
    }

    @ParameterizedTest(name = "{index}: spec {0}")
    @MethodSource("hashVectors")
    void matchesTheSpecificationVector(JsonNode vector) {
        byte[] expected = SharedVectors.hex(vector, "hash");

        assertThat(AesMmoHash.hash(message(vector))).isEqualTo(expected);
    }

    @Test
    void theGeneratedVectorsStraddleBothPaddingForms() {
        // Guards the vector reading above: C.5.3 is the longest short-form message, C.5.4 the
        // shortest long-form one, C.5.5 and C.5.6 put the long trailer across a block boundary.
        List<Integer> lengths = hashVectors().stream()
                .filter(vector -> !isHex(vector.get("message").asText()))
                .map(vector -> message(vector).length)
                .toList();

        assertThat(lengths).containsExactly(8191, 8192, 8201, 8202);
    }

    @Test
    void hashesTheEmptyMessage() {
        // One padding block, 80 00 .. 00 00 00 (the 1 bit, zeros, 16-bit length 0). Expected value from
        // an independent implementation (Python, the cryptography package's AES) that passes C.5.1-C.5.6.
        assertThat(AesMmoHash.hash(new byte[0])).isEqualTo(Hex.decode("BAD78E726C1EC02B7EBFE92B23D9EC34"));
    }

    @Test
    void doesNotModifyItsInput() {
        byte[] message = Hex.decode("C0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0");
        byte[] copy = message.clone();

        AesMmoHash.hash(message);

        assertThat(message).isEqualTo(copy);
    }

    @Test
    void rejectsAMissingMessage() {
        assertThatThrownBy(() -> AesMmoHash.hash(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("message");
    }

    private static byte[] message(JsonNode vector) {
        String text = vector.get("message").asText();
        if (isHex(text)) {
            return Hex.decode(text);
        }
        Matcher length = GENERATED_LENGTH.matcher(text);
        if (!length.find()) {
            throw new IllegalStateException("cannot tell the length of generated message '" + text + "'");
        }
        byte[] message = new byte[Integer.parseInt(length.group(1))];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        return message;
    }

    private static boolean isHex(String text) {
        return text.matches("[0-9A-Fa-f]+");
    }
}
