package io.enrolgate.cli.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.crypto.KeyDerivation;
import io.enrolgate.zigbee.installcode.InstallCode;
import io.enrolgate.zigbee.transportkey.NwkIeeeFields;
import io.enrolgate.zigbee.transportkey.TransportKeyForge;
import io.enrolgate.zigbee.transportkey.TransportKeyParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent oracle: Wireshark's Zigbee dissector (tshark) decrypts the frames we forge, given only
 * the devices' link keys, and must find the network keys we put in. Random parameters, every install-code
 * length, both NWK header forms. tshark is installed by the test command (deploy/dev/ensure-test-tools.sh);
 * its absence fails this test rather than skipping it.
 */
class TsharkOracleTest {
    private static final int FRAMES = 24;
    private static final int[] INSTALL_CODE_LENGTHS = {6, 8, 12, 16};

    @TempDir
    Path directory;

    @Test
    void tsharkDecryptsTheNetworkKeyOfEveryForgedFrame() throws Exception {
        Random random = new Random(0x5EED_2026L);
        List<String> expectedKeys = new ArrayList<>();
        List<String> linkKeys = new ArrayList<>();
        Path pcap = directory.resolve("forged.pcap");
        try (OutputStream file = Files.newOutputStream(pcap); PcapWriter writer = new PcapWriter(file)) {
            for (int i = 0; i < FRAMES; i++) {
                byte[] code = new byte[INSTALL_CODE_LENGTHS[i % INSTALL_CODE_LENGTHS.length]];
                random.nextBytes(code);
                SymmetricKey linkKey = InstallCode.withComputedCrc(code).linkKey();
                byte[] networkKey = new byte[16];
                random.nextBytes(networkKey);
                TransportKeyParameters parameters = TransportKeyParameters.builder()
                        .trustCenterIeee(new IeeeAddress(random.nextLong()))
                        .deviceIeee(new IeeeAddress(random.nextLong()))
                        .deviceShort(random.nextInt(0xFFF8))
                        .networkKey(SymmetricKey.of(networkKey))
                        .keySequence(random.nextInt(256))
                        .apsFrameCounter(random.nextLong() & 0xFFFF_FFFFL)
                        .apsCounter(random.nextInt(256))
                        .nwkSequence(random.nextInt(256))
                        .nwkIeeeFields(i % 2 == 0 ? NwkIeeeFields.NONE : NwkIeeeFields.BOTH)
                        .build();
                writer.write(Instant.ofEpochSecond(1_700_000_000L + i), TransportKeyForge.forgeMpdu(parameters,
                        KeyDerivation.keyTransportKey(linkKey), 0x1A62, i));
                expectedKeys.add(parameters.networkKey().toHexUnsafe().toLowerCase());
                linkKeys.add(linkKey.toHexUnsafe());
            }
        }

        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
        for (String linkKey : linkKeys) {
            command.add("-o");
            command.add("uat:zigbee_pc_keys:\"" + linkKey + "\",\"Normal\",\"device\"");
        }
        command.addAll(List.of("-T", "fields", "-e", "zbee_aps.cmd.key"));
        List<String> decryptedKeys = run(command);

        assertThat(decryptedKeys).containsExactlyElementsOf(expectedKeys);
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/tshark"))) {
            throw new IllegalStateException("tshark is not installed: run the README's test command (it installs "
                    + "it), or apt-get install tshark");
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("tshark finished").isTrue();
        assertThat(process.exitValue()).as("tshark exit status").isZero();
        return output.lines().toList();
    }
}
