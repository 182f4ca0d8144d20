package io.enrolgate.cli.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enrolgate.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code frame forge} and {@code frame decode} as a user runs them, on the install-code example of the vectors. */
class FrameCommandsTest {
    private static final String INSTALL_CODE = "83FED3407A939723A5C639B26916D505C3B5";
    /** shared/vectors/zigbee.json, transport_key_frames[0].nwk_frame_fcf_0008 */
    private static final String EXAMPLE_NWK_FRAME = "08002C4F00001E7B21423040E2010004030201004B12000E9985EEB72DCA7C241A"
            + "DC0FCE032867278DAD1DE1EF7AC757C053C357226257D284904EA77B15";
    /** transport_key_frames[0].mpdu_with_fcs */
    private static final String EXAMPLE_MPDU = "61885C621A2C4F0000" + EXAMPLE_NWK_FRAME + "8D87";

    @TempDir
    Path directory;

    private static List<String> forgeArguments(String... extra) {
        List<String> args = new ArrayList<>(List.of("frame", "forge", "--tc-ieee", "00124B0001020304",
                "--device-ieee", "00:0D:6F:00:0A:0B:0C:0D", "--device-short", "4F2C", "--install-code", INSTALL_CODE,
                "--key", "2B7E151628AED2A6ABF7158809CF4F3C", "--key-seq", "0", "--frame-counter", "0x1E240",
                "--aps-counter", "66", "--nwk-seq", "123"));
        args.addAll(Arrays.asList(extra));
        return args;
    }

    @Test
    void forgePrintsTheNwkFrameOfTheVector() {
        CommandRun run = CommandRun.of(forgeArguments().toArray(String[]::new));
        assertThat(run.exitStatus()).isZero();
        assertThat(run.out().strip()).isEqualTo(EXAMPLE_NWK_FRAME);
    }

    @Test
    void forgeWithMacPrintsTheMpduAndWritesAPcap() throws Exception {
        Path pcap = directory.resolve("frame.pcap");
        CommandRun run = CommandRun.of(forgeArguments("--mac", "--pan-id", "1A62", "--mac-seq", "92", "--pcap",
                pcap.toString()).toArray(String[]::new));
        assertThat(run.exitStatus()).isZero();
        assertThat(run.out().strip()).isEqualTo(EXAMPLE_MPDU);
        byte[] file = Files.readAllBytes(pcap);
        // 24-byte global header (link type 195 at offset 20), 16-byte record header, then the MPDU.
        assertThat(file[20] & 0xFF).isEqualTo(195);
        assertThat(file).hasSize(24 + 16 + EXAMPLE_MPDU.length() / 2);
    }

    @Test
    void forgeRefusesAFrameCounterOutOfRangeAndSaysTheRange() {
        List<String> args = forgeArguments();
        args.set(args.indexOf("0x1E240"), "4294967296");
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("APS frame counter").contains("0..4294967295");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void forgeRefusesAWrongCrcAndNamesTheExpectedOne() {
        List<String> args = forgeArguments();
        args.set(args.indexOf(INSTALL_CODE), "83FED3407A939723A5C639B26916D505C3B6");
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("CRC").contains("C3B5");
    }

    @Test
    void forgeRefusesAShortIeeeAddress() {
        List<String> args = forgeArguments();
        args.set(args.indexOf("00124B0001020304"), "00124B00010203");
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("--tc-ieee").contains("expected 16");
    }

    @Test
    void forgeWithMacNeedsThePanId() {
        CommandRun run = CommandRun.of(forgeArguments("--mac").toArray(String[]::new));
        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("--pan-id");
    }

    @Test
    void decodeRecognisesAnMpduAndPrintsTheKey() throws Exception {
        CommandRun run = CommandRun.of("frame", "decode", "--json", "--install-code", INSTALL_CODE, EXAMPLE_MPDU);
        assertThat(run.exitStatus()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.at("/mac/sequenceNumber").asInt()).isEqualTo(92);
        assertThat(json.at("/mac/panId").asText()).isEqualTo("1A62");
        assertThat(json.at("/security/frameCounter").asLong()).isEqualTo(123456);
        assertThat(json.at("/command/key").asText()).isEqualTo("2B7E151628AED2A6ABF7158809CF4F3C");
        assertThat(json.at("/command/destination").asText()).isEqualTo("000D6F000A0B0C0D");
    }

    @Test
    void decodeWithTheWrongKeyExitsWithOne() {
        CommandRun run = CommandRun.of("frame", "decode", "--link-key", "5A6967426565416C6C69616E63653039",
                EXAMPLE_NWK_FRAME);
        assertThat(run.exitStatus()).isEqualTo(1);
        assertThat(run.err()).contains("MIC does not verify");
        assertThat(run.out()).doesNotContain("2B7E1516");
    }

    @Test
    void decodeOfMalformedInputExitsWithTwo() {
        CommandRun truncated = CommandRun.of("frame", "decode", "--install-code", INSTALL_CODE, "0800 2C4F");
        assertThat(truncated.exitStatus()).isEqualTo(2);
        assertThat(truncated.err()).contains("offset");

        CommandRun notHex = CommandRun.of("frame", "decode", "--install-code", INSTALL_CODE, "08zz");
        assertThat(notHex.exitStatus()).isEqualTo(2);
        assertThat(notHex.err()).contains("not a hex digit");
    }

    @Test
    void decodeNeedsExactlyOneKeySource() {
        CommandRun none = CommandRun.of("frame", "decode", EXAMPLE_NWK_FRAME);
        assertThat(none.exitStatus()).isEqualTo(2);
        CommandRun both = CommandRun.of("frame", "decode", "--install-code", INSTALL_CODE, "--link-key",
                "5A6967426565416C6C69616E63653039", EXAMPLE_NWK_FRAME);
        assertThat(both.exitStatus()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }
}
