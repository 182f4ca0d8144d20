package io.enrolgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * tshark reading the radio capture given only the devices' link keys, as an eavesdropper who knew the install codes
 * would: the network keys it can decrypt from the APS Transport Key commands.
 */
final class CaptureDecryption {
    private CaptureDecryption() {
    }

    /**
     * The Transport Keys tshark decrypts in {@code pcap}: key by destination IEEE address (both lower-case hex
     * without separators).
     *
     * @param linkKeys the link key of each device (hex), by IEEE address
     * @param logs where tshark's standard error goes (its content is in the failure message)
     */
    static Map<String, String> transportKeys(Path pcap, Map<String, String> linkKeys, Path logs) throws Exception {
        List<String> command = new ArrayList<>(List.of(tshark(), "-r", pcap.toString(), "-T", "fields",
                "-E", "separator=;", "-e", "zbee_aps.cmd.key", "-e", "zbee_aps.cmd.dst"));
        linkKeys.forEach((ieee, key) -> command.addAll(1, List.of("-o",
                "uat:zigbee_pc_keys:\"" + key + "\",\"Normal\",\"" + ieee + "\"")));
        Path errors = logs.resolve("tshark.err");
        Process tshark = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        String output = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tshark.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(tshark.exitValue()).as("tshark: %s", Files.readString(errors)).isZero();
        Map<String, String> keyTo = new LinkedHashMap<>();
        for (String row : output.lines().toList()) {
            String[] columns = (row + ";;").split(";", -1);
            if (!columns[0].isEmpty()) {
                keyTo.put(columns[1].replace(":", "").toLowerCase(Locale.ROOT), columns[0].replace(":", "")
                        .toLowerCase(Locale.ROOT));
            }
        }
        return keyTo;
    }

    private static String tshark() {
        return Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, "tshark")).filter(Files::isExecutable)
                .findFirst().map(Path::toString).orElseThrow(() -> new IllegalStateException("tshark is not installed"
                        + " (Debian package tshark; deploy/dev/ensure-test-tools.sh installs it)"));
    }
}
