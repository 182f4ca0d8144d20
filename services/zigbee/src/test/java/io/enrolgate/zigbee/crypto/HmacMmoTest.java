package io.enrolgate.zigbee.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.SharedVectors;
import io.enrolgate.zigbee.SymmetricKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HmacMmoTest {

    /** The entries of the hmac_mmo section that give key, message and MAC (C.6.1). */
    static List<JsonNode> macVectors() {
        return SharedVectors.section("hmac_mmo").stream().filter(vector -> vector.has("mac")).toList();
    }

    @ParameterizedTest(name = "{index}: spec {0}")
    @MethodSource("macVectors")
    void matchesTheSpecificationVector(JsonNode vector) {
        byte[] key = SharedVectors.hex(vector, "key");
        byte[] message = SharedVectors.hex(vector, "message");

        assertThat(HmacMmo.compute(key, message)).isEqualTo(SharedVectors.hex(vector, "mac"));
        assertThat(HmacMmo.compute(SymmetricKey.of(key), message)).isEqualTo(SharedVectors.hex(vector, "mac"));
    }

    @Test
    void aKeyLongerThanTheBlockIsHashedFirst() {
        // HMAC's rule for long keys (FIPS 198): K' = H(K). So a 17-byte key gives the same MAC as its
        // 16-byte AES-MMO hash used as the key.
        byte[] longKey = Hex.decode("404142434445464748494A4B4C4D4E4F50");
        byte[] message = Hex.decode("C0");

        assertThat(HmacMmo.compute(longKey, message))
                .isEqualTo(HmacMmo.compute(AesMmoHash.hash(longKey), message))
                // From an independent implementation (Python, cryptography's AES).
                .isEqualTo(Hex.decode("BB4315A4C9A50318586A86C8E6AF028F"));
    }

    @Test
    void aShortKeyIsPaddedWithZeros() {
        // A key shorter than the block is zero-padded, so appending zeros up to 16 changes nothing.
        byte[] shortKey = Hex.decode("4041424344");
        byte[] padded = Hex.decode("40414243440000000000000000000000");

        assertThat(HmacMmo.compute(shortKey, Hex.decode("C0"))).isEqualTo(HmacMmo.compute(padded, Hex.decode("C0")));
    }
}
