package io.enrolgate.zigbee.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrolgate.zigbee.SharedVectors;
import io.enrolgate.zigbee.SymmetricKey;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KeyDerivationTest {

    /** The entries of the hmac_mmo section that derive from a link key; "what" names the derivation. */
    static List<JsonNode> derivationVectors() {
        return SharedVectors.section("hmac_mmo").stream().filter(vector -> vector.has("link_key")).toList();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("derivationVectors")
    void matchesTheSharedVector(JsonNode vector) {
        SymmetricKey linkKey = SymmetricKey.of(SharedVectors.hex(vector, "link_key"));
        byte[] expected = SharedVectors.hex(vector, "result");
        String what = vector.get("what").asText();

        byte[] derived;
        if (what.startsWith("key-transport key")) {
            derived = KeyDerivation.keyTransportKey(linkKey).toBytes();
        } else if (what.startsWith("key-load key")) {
            derived = KeyDerivation.keyLoadKey(linkKey).toBytes();
        } else if (what.startsWith("verify-key hash")) {
            derived = KeyDerivation.verifyKeyHash(linkKey);
        } else {
            throw new IllegalStateException("vector names no known derivation: " + what);
        }

        assertThat(derived).isEqualTo(expected);
    }
}
