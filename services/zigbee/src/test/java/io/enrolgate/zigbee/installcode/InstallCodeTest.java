package io.enrolgate.zigbee.installcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.SharedVectors;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.installcode.InstallCodeException.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class InstallCodeTest {
    /** Silicon Labs' example: 16 code bytes, CRC 0xB5C3 written C3 B5. */
    private static final String SILICON_LABS_CODE = "83FED3407A939723A5C639B26916D505C3B5";

    static List<JsonNode> linkKeyVectors() {
        return SharedVectors.section("install_code_to_link_key");
    }

    @ParameterizedTest
    @MethodSource("linkKeyVectors")
    void derivesTheLinkKeyOfTheSharedVector(JsonNode vector) {
        InstallCode code = InstallCode.parse(vector.get("install_code_with_crc").asText());

        assertThat(code.linkKey()).isEqualTo(SymmetricKey.of(SharedVectors.hex(vector, "link_key")));
        assertThat(code.toBytesWithCrc()).isEqualTo(SharedVectors.hex(vector, "install_code_with_crc"));
    }

    @Test
    void exposesItsPartsAndCrc() {
        InstallCode code = InstallCode.parse(SILICON_LABS_CODE);

        assertThat(code.codeLength()).isEqualTo(16);
        assertThat(code.crc()).isEqualTo(0xB5C3);
        assertThat(code.toHexUnsafe()).isEqualTo(SILICON_LABS_CODE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "83 FE D3 40 7A 93 97 23 A5 C6 39 B2 69 16 D5 05 C3 B5",
        "83:FE:D3:40:7A:93:97:23:A5:C6:39:B2:69:16:D5:05:C3:B5",
        "83FE-D340-7A93-9723-A5C6-39B2-6916-D505-C3B5",
        "  83fed3407a939723a5c639b26916d505c3b5\n"})
    void acceptsSeparatorsCaseAndSurroundingSpace(String text) {
        assertThat(InstallCode.parse(text)).isEqualTo(InstallCode.parse(SILICON_LABS_CODE));
    }

    @Test
    void rejectsAWrongCrcNamingTheExpectedAndTheFoundOne() {
        // Last byte B5 -> B6: the CRC read is 0xB6C3, the code's CRC is 0xB5C3.
        assertThatThrownBy(() -> InstallCode.parse("83FED3407A939723A5C639B26916D505C3B6"))
                .isInstanceOf(InstallCodeException.class)
                .hasMessageContaining("CRC mismatch")
                .hasMessageContaining("should be followed by CRC-16/X.25 0xB5C3 (written C3B5)")
                .hasMessageContaining("found 0xB6C3 (written C3B6)")
                .satisfies(e -> assertThat(((InstallCodeException) e).reason()).isEqualTo(Reason.CRC_MISMATCH));
    }

    @Test
    void rejectsAWrongCrcEvenWhenMissingCrcsAreAllowed() {
        assertThatThrownBy(() -> InstallCode.parse("83FED3407A939723A5C639B26916D505C3B6",
                CrcPolicy.COMPUTE_IF_MISSING))
                .isInstanceOf(InstallCodeException.class)
                .hasMessageContaining("0xB5C3");
    }

    @Test
    void rejectsAMissingCrcByDefaultNamingTheCrcAndTheOption() {
        // The 16-byte code alone: its CRC would be 0xB5C3.
        assertThatThrownBy(() -> InstallCode.parse("83FED3407A939723A5C639B26916D505"))
                .isInstanceOf(InstallCodeException.class)
                .hasMessageContaining("16 bytes has no CRC")
                .hasMessageContaining("0xB5C3 (written C3B5)")
                .hasMessageContaining("CrcPolicy.COMPUTE_IF_MISSING")
                .satisfies(e -> assertThat(((InstallCodeException) e).reason()).isEqualTo(Reason.CRC_MISSING));
    }

    @Test
    void computesAMissingCrcOnlyOnRequest() {
        InstallCode code = InstallCode.parse("83FED3407A939723A5C639B26916D505", CrcPolicy.COMPUTE_IF_MISSING);

        assertThat(code.toBytesWithCrc()).isEqualTo(Hex.decode(SILICON_LABS_CODE));
        assertThat(InstallCode.withComputedCrc(Hex.decode("83FED3407A939723A5C639B26916D505")))
                .isEqualTo(InstallCode.parse(SILICON_LABS_CODE));
    }

    @Test
    void readsEightBytesAsASixByteCodeWithItsCrc() {
        // 83FED3407A93 + CRC 0x702B written 2B70: a valid 6-byte code under either policy.
        assertThat(InstallCode.parse("83FED3407A932B70").codeLength()).isEqualTo(6);
        assertThat(InstallCode.parse("83FED3407A932B70", CrcPolicy.COMPUTE_IF_MISSING).codeLength()).isEqualTo(6);
    }

    @Test
    void readsEightBytesWithoutAValidCrcAsAnEightByteCodeOnlyOnRequest() {
        // 83FED3407A939723: an 8-byte code whose CRC is 0xFC97 (vector 83FED3407A93972397FC).
        assertThatThrownBy(() -> InstallCode.parse("83FED3407A939723"))
                .isInstanceOf(InstallCodeException.class)
                .hasMessageContaining("6 code bytes should be followed by CRC-16/X.25 0x702B")
                .hasMessageContaining("If this is an 8-byte code printed without its CRC");

        InstallCode code = InstallCode.parse("83FED3407A939723", CrcPolicy.COMPUTE_IF_MISSING);

        assertThat(code.codeLength()).isEqualTo(8);
        assertThat(code.toBytesWithCrc()).isEqualTo(Hex.decode("83FED3407A93972397FC"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4, 5, 7, 9, 11, 13, 15, 17, 19, 20, 32})
    void rejectsEveryOtherLengthNamingTheAllowedOnes(int length) {
        assertThatThrownBy(() -> InstallCode.fromBytes(new byte[length], CrcPolicy.COMPUTE_IF_MISSING))
                .isInstanceOf(InstallCodeException.class)
                .hasMessageContaining("has " + length + " bytes")
                .hasMessageContaining("6, 8, 12 or 16 code bytes followed by their 2-byte CRC (8, 10, 14 or 18")
                .satisfies(e -> assertThat(((InstallCodeException) e).reason()).isEqualTo(Reason.WRONG_LENGTH));
    }

    @Test
    void withComputedCrcRejectsOtherLengths() {
        assertThatThrownBy(() -> InstallCode.withComputedCrc(new byte[18]))
                .isInstanceOf(InstallCodeException.class)
                .hasMessageContaining("18 bytes: expected 6, 8, 12 or 16");
    }

    @Test
    void rejectsCharactersThatAreNotHex() {
        // 'G' is the 5th character.
        assertThatThrownBy(() -> InstallCode.parse("83FEG3407A939723A5C639B26916D505C3B5"))
                .isInstanceOf(InstallCodeException.class)
                .hasMessageContaining("'G' at position 5 is not a hex digit")
                .satisfies(e -> assertThat(((InstallCodeException) e).reason()).isEqualTo(Reason.NOT_HEX));
    }

    @Test
    void rejectsAnOddNumberOfDigits() {
        assertThatThrownBy(() -> InstallCode.parse("83FED3407A939723A5C639B26916D505C3B"))
                .isInstanceOf(InstallCodeException.class)
                .hasMessageContaining("odd number of digits");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void rejectsEmptyInput(String text) {
        assertThatThrownBy(() -> InstallCode.parse(text))
                .isInstanceOf(InstallCodeException.class)
                .hasMessageContaining("install code is empty")
                .satisfies(e -> assertThat(((InstallCodeException) e).reason()).isEqualTo(Reason.EMPTY));
    }

    @Test
    void equalCodesAreEqualAndOthersAreNot() {
        InstallCode code = InstallCode.parse(SILICON_LABS_CODE);

        assertThat(code).isEqualTo(InstallCode.parse(SILICON_LABS_CODE.toLowerCase()))
                .hasSameHashCodeAs(InstallCode.parse(SILICON_LABS_CODE.toLowerCase()))
                .isNotEqualTo(InstallCode.parse("00112233445566778899AABBCCDDEEFF528F"))
                .isNotEqualTo(SILICON_LABS_CODE);
    }

    @Test
    void toStringShowsOnlyTheLength() {
        assertThat(InstallCode.parse(SILICON_LABS_CODE)).hasToString("InstallCode[16 bytes + CRC, redacted]");
    }

    @Test
    void theBytesHandedOutAreCopies() {
        InstallCode code = InstallCode.parse(SILICON_LABS_CODE);
        byte[] bytes = code.toBytesWithCrc();
        bytes[0] = 0;

        assertThat(code.toBytesWithCrc()).isEqualTo(Hex.decode(SILICON_LABS_CODE));
    }
}
