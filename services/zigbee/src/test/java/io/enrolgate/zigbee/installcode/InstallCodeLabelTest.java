package io.enrolgate.zigbee.installcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.installcode.InstallCodeException.Reason;
import java.util.Arrays;
import java.util.Locale;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class InstallCodeLabelTest {
    /** Silicon Labs' example code with its CRC (C3B5), and its link key (shared vectors). */
    private static final String CODE = "83FED3407A939723A5C639B26916D505C3B5";
    private static final SymmetricKey LINK_KEY = SymmetricKey.fromHex("66B6900981E1EE3CA4206B6B861C02BB");
    /** The same code with its last byte changed: CRC found 0xB6C3, expected 0xB5C3. */
    private static final String CODE_WITH_BAD_CRC = "83FED3407A939723A5C639B26916D505C3B6";
    private static final String IEEE = "000D6F000A0B0C0D";

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', value = {
        "PLAIN_HEX;     83FED3407A939723A5C639B26916D505C3B5",
        "ZIGBEE_FIELDS; Z:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B5",
        // Danfoss layout: a G group before, the manufacturer code (M:1246) after.
        "ZIGBEE_FIELDS; G$M:IC2%Z:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B5%M:1246",
        // Ledvance layout: more fields after the code, in the same group.
        "ZIGBEE_FIELDS; Z:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B5%M:1189$D:008B452720",
        // The address as an A: field in a Z group, without a G group.
        "ZIGBEE_FIELDS; Z$A:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B5",
        "AQARA;         G$M:69775$S:680S00003915$D:0000000017B2335C%Z$A:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B5",
        "AQARA;         G$M:69775$A:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B5",
        "PIPE;          000D6F000A0B0C0D|83FED3407A939723A5C639B26916D505C3B5",
        "PIPE;          |000D6F000A0B0C0D|83FED3407A939723A5C639B26916D505C3B5|",
        "HUE;           HUE:Z:83FED3407A939723A5C639B26916D505C3B5 M:000D6F000A0B0C0D",
        "HUE;           HUE:Z:83FED3407A939723A5C639B26916D505C3B5 M:000D6F000A0B0C0D D:L3B A:1184",
        "BOSCH;         RB01SG0D83101826480040000000000000000000000D6F000A0B0C0DDLK83FED3407A939723A5C639B26916D505C3B5",
    })
    void readsEachFormat(LabelFormat format, String text) {
        InstallCodeLabel label = InstallCodeLabel.parse(text);

        assertThat(label.format()).isEqualTo(format);
        assertThat(label.installCode().linkKey()).isEqualTo(LINK_KEY);
        if (format == LabelFormat.PLAIN_HEX) {
            assertThat(label.ieeeAddress()).isEmpty();
        } else {
            assertThat(label.ieeeAddress()).contains(IeeeAddress.parse(IEEE));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        // Labels as collected in zigbee-herdsman's tests (their CRCs are valid).
        "ubisys;   Z:0102030405060708$I:0102030405060708090A0B0C0D0E0F1090FD%G$M:S1-R%M:10F2;"
                + " 0102030405060708; 0102030405060708090A0B0C0D0E0F1090FD",
        "Danfoss;  G$M:IC2%Z:540F57FFFE599FAA$I:D79CB21C6D197CE7A3339A683A90DFF2442A%M:1246;"
                + " 540F57FFFE599FAA; D79CB21C6D197CE7A3339A683A90DFF2442A",
        "Ledvance; Z:F0D1B8000017389A$I:6AB6973274EE6F720200530162754044C930%M:1189$D:008B452720;"
                + " F0D1B8000017389A; 6AB6973274EE6F720200530162754044C930",
        "Aqara;    G$M:69775$S:680S00003915$D:0000000017B2335C%Z$A:54EF44100006E7DF$I:3313A005E177A647FC7925620AB207C4BEF5;"
                + " 54EF44100006E7DF; 3313A005E177A647FC7925620AB207C4BEF5",
        "pipe;     54EF44100006E7DF|3313A005E177A647FC7925620AB207C4BEF5;"
                + " 54EF44100006E7DF; 3313A005E177A647FC7925620AB207C4BEF5",
        "Bosch 95; RB01SG0D831018264800400000000000000000009035EAFFFE424783DLKAE3B287281CF16F550733A0CEC38AA31E802;"
                + " 9035EAFFFE424783; AE3B287281CF16F550733A0CEC38AA31E802",
    })
    void readsManufacturerLabels(String maker, String text, String ieee, String codeWithCrc) {
        InstallCodeLabel label = InstallCodeLabel.parse(text);

        assertThat(label.ieeeAddress()).contains(IeeeAddress.parse(ieee));
        assertThat(label.installCode().toBytesWithCrc()).isEqualTo(Hex.decode(codeWithCrc));
    }

    @Test
    void readsTheBoschLabelWithoutCrcOnlyOnRequest() {
        // 91 characters: a 16-byte code without CRC; herdsman's test gives the CRC it computes, 9A EC.
        String text = "RB01SG0D836591B3CC0010000000000000000000000D6F00179F2BC9DLKD0F471C9BBA2C0208608E91EED17E2B1";

        expectRejection(text, Reason.CRC_MISSING).hasMessageContaining("BOSCH label");
        InstallCodeLabel label = InstallCodeLabel.parse(text, CrcPolicy.COMPUTE_IF_MISSING);

        assertThat(label.ieeeAddress()).contains(IeeeAddress.parse("000D6F00179F2BC9"));
        assertThat(label.installCode().toBytesWithCrc())
                .isEqualTo(Hex.decode("D0F471C9BBA2C0208608E91EED17E2B1 9AEC"));
    }

    @Test
    void toleratesCaseAndSurroundingSpace() {
        InstallCodeLabel label =
                InstallCodeLabel.parse("  hue:z:83fed3407a939723a5c639b26916d505c3b5 m:000d6f000a0b0c0d\n");

        assertThat(label.format()).isEqualTo(LabelFormat.HUE);
        assertThat(label.installCode().linkKey()).isEqualTo(LINK_KEY);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "83FED3407A939723A5C639B26916D505C3B6",
        "Z:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B6",
        "G$M:IC2%Z:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B6%M:1246",
        "G$M:69775$S:680S00003915%Z$A:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B6",
        "000D6F000A0B0C0D|83FED3407A939723A5C639B26916D505C3B6",
        "|000D6F000A0B0C0D|83FED3407A939723A5C639B26916D505C3B6|",
        "HUE:Z:83FED3407A939723A5C639B26916D505C3B6 M:000D6F000A0B0C0D D:L3B",
        "RB01SG0D83101826480040000000000000000000000D6F000A0B0C0DDLK83FED3407A939723A5C639B26916D505C3B6",
        // As printed in a herdsman test, whose CRC herdsman silently replaces: we reject it.
        "Z:4CC206FFFE306C43$I:150A1A57D11A1A01362622DBA97ACF0F9185$D:202%B:4CC206306C43$P:983639%M:1220$F:002D",
    })
    void rejectsABadCrcInEveryFormat(String text) {
        expectRejection(text, Reason.CRC_MISMATCH).hasMessageContaining("CRC mismatch")
                .hasMessageMatching("(?s).*should be followed by CRC-16/X.25 0x[0-9A-F]{4}.*found 0x[0-9A-F]{4}.*");
    }

    @Test
    void aBadCrcMessageNamesTheFormatAndBothCrcs() {
        expectRejection("000D6F000A0B0C0D|" + CODE_WITH_BAD_CRC, Reason.CRC_MISMATCH)
                .hasMessageStartingWith("PIPE label")
                .hasMessageContaining("0xB5C3 (written C3B5)")
                .hasMessageContaining("found 0xB6C3 (written C3B6)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "Z:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D5",
        "000D6F000A0B0C0D|83FED3407A939723A5C639B26916D505C3B5AA",
        "HUE:Z:83FED3407A M:000D6F000A0B0C0D"})
    void rejectsCodesOfTheWrongLength(String text) {
        expectRejection(text, Reason.WRONG_LENGTH).hasMessageContaining("expected 6, 8, 12 or 16 code bytes");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "Z:000D6F000A0B0C$I:83FED3407A939723A5C639B26916D505C3B5",
        "000D6F000A0B0C0D00|83FED3407A939723A5C639B26916D505C3B5",
        "HUE:Z:83FED3407A939723A5C639B26916D505C3B5 M:000D6F000A0B0C0X",
        "G$M:69775$A:ZZZD6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B5"})
    void rejectsAMalformedIeeeAddress(String text) {
        expectRejection(text, Reason.MALFORMED_IEEE_ADDRESS).hasMessageContaining("IEEE address field");
    }

    @Test
    void swappedPipeFieldsDoNotPutTheCodeInTheMessage() {
        // The code where the address belongs: the message must not quote it.
        expectRejection(CODE + "|" + IEEE, Reason.MALFORMED_IEEE_ADDRESS)
                .hasMessageContaining("has 36 hex digits, expected 16");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "Z:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3BG",
        "000D6F000A0B0C0D|83FED3407A939723A5C639B26916D505C3B.",
        "HUE:Z:83FED3407A939723A5C639B26916D505C3B_ M:000D6F000A0B0C0D"})
    void rejectsBadCharactersInTheCode(String text) {
        expectRejection(text, Reason.NOT_HEX).hasMessageContaining("is not a hex digit");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // Neither hex nor any layout.
        "hello",
        "54EF44100006E7DF`3313A005E177A647FC7925620AB207C4BEF5",
        // A pipe label with three fields, or with a pipe on one side only.
        "000D6F000A0B0C0D|83FED3407A939723A5C639B26916D505C3B5|00",
        "|000D6F000A0B0C0D|83FED3407A939723A5C639B26916D505C3B5",
        "000D6F000A0B0C0D|",
        // Hue without the M: field, or with the fields swapped.
        "HUE:Z:83FED3407A939723A5C639B26916D505C3B5",
        "HUE:M:000D6F000A0B0C0D Z:83FED3407A939723A5C639B26916D505C3B5",
        // Fields without an install code, with two, or with no address beside it.
        "G$M:69775$S:680S00003915",
        "Z:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B5$I:83FED3407A939723A5C639B26916D505C3B5",
        "Z:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B5%Z:000D6F000A0B0C0D$I:83FED3407A93972397FC",
        "G$M:69775%Z$I:83FED3407A939723A5C639B26916D505C3B5",
        "Z:000D6F000A0B0C0D$A:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B5",
        // The Bosch layout with a prefix one character short.
        "RB01SG0D8310182648004000000000000000000000D6F000A0B0C0DDLK83FED3407A939723A5C639B26916D505C3B5"})
    void rejectsUnknownOrBrokenLayoutsListingTheAcceptedFormats(String text) {
        AbstractThrowableAssert<?, ? extends Throwable> rejection = expectRejection(text, Reason.UNKNOWN_LABEL_FORMAT);
        for (LabelFormat format : LabelFormat.values()) {
            rejection.hasMessageContaining(format.description());
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\n"})
    void rejectsEmptyInput(String text) {
        expectRejection(text, Reason.EMPTY).hasMessageContaining("install code label is empty: expected one of: "
                + LabelFormat.PLAIN_HEX.description());
    }

    @Test
    void toStringShowsTheAddressButNotTheCode() {
        InstallCodeLabel label = InstallCodeLabel.parse("000D6F000A0B0C0D|" + CODE);

        assertThat(label.toString())
                .isEqualTo("InstallCodeLabel[format=PIPE, ieeeAddress=000D6F000A0B0C0D,"
                        + " installCode=InstallCode[16 bytes + CRC, redacted]]");
    }

    /**
     * Parses {@code text}, expects the given reason, and checks the one rule every message obeys:
     * it never contains the code, whole or as its code part, in either case.
     */
    private static AbstractThrowableAssert<?, ? extends Throwable> expectRejection(String text, Reason reason) {
        return assertThatThrownBy(() -> InstallCodeLabel.parse(text))
                .isInstanceOf(InstallCodeException.class)
                .satisfies(e -> {
                    assertThat(((InstallCodeException) e).reason()).isEqualTo(reason);
                    for (String secret : Arrays.asList(CODE, CODE_WITH_BAD_CRC, CODE.substring(0, 32))) {
                        assertThat(e.getMessage())
                                .doesNotContain(secret)
                                .doesNotContain(secret.toLowerCase(Locale.ROOT));
                    }
                });
    }
}
