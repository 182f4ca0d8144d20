package io.enrolgate.cli.installcode;

import io.enrolgate.cli.ExitStatus;
import io.enrolgate.cli.UserInputException;
import io.enrolgate.zigbee.installcode.CrcPolicy;
import io.enrolgate.zigbee.installcode.InstallCode;
import io.enrolgate.zigbee.installcode.InstallCodeException;
import io.enrolgate.zigbee.installcode.InstallCodeLabel;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code enrolgate install-code parse TEXT}: shows what a label says — the IEEE address when the format
 * carries one, the code, its CRC and the link key derived from it. This command exists to show an
 * installer their own device's secrets, so it is one of the few places that prints a key.
 */
@Command(
        name = "parse",
        mixinStandardHelpOptions = true,
        description = {
            "Parse an install code and derive its link key (AES-MMO of code and CRC).",
            "Accepted: hex (spaces, colons, dashes allowed); Z:<ieee>$I:<code> (Ubisys, Danfoss, Inovelli,",
            "Ledvance); <ieee>|<code>; |<ieee>|<code>|; Aqara G$M:...$A:<ieee>$I:<code>;",
            "Hue HUE:Z:<code> M:<ieee>. The code must end with its CRC-16/X.25 (little-endian)",
            "unless --compute-crc is given."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the code is valid", "2:the text is not a valid install code (reason on stderr)"})
public final class InstallCodeParseCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TEXT", description = "The install code or label text (quote it: it may contain $ or |).")
    private String text;

    @Option(names = "--compute-crc",
            description = "Accept a code printed without its CRC and compute the CRC (only when the label really has none).")
    private boolean computeCrc;

    @Override
    public Integer call() {
        InstallCodeLabel label;
        boolean crcComputed = false;
        try {
            label = InstallCodeLabel.parse(text, CrcPolicy.REQUIRE);
        } catch (InstallCodeException e) {
            if (!computeCrc || e.reason() != InstallCodeException.Reason.CRC_MISSING) {
                throw new UserInputException(e.getMessage(), ExitStatus.BAD_INPUT);
            }
            label = InstallCodeLabel.parse(text, CrcPolicy.COMPUTE_IF_MISSING);
            crcComputed = true;
        }
        InstallCode code = label.installCode();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "format:        %s%n", label.format().description());
        out.printf(Locale.ROOT, "ieee:          %s%n",
                label.ieeeAddress().map(Object::toString).orElse("(not in this format)"));
        out.printf(Locale.ROOT, "install code:  %s (%d bytes + CRC)%n", code.toHexUnsafe(), code.codeLength());
        out.printf(Locale.ROOT, "crc:           %04X (CRC-16/X.25, on the label as %02X%02X) %s%n", code.crc(),
                code.crc() & 0xFF, code.crc() >>> 8, crcComputed ? "computed: not on the label" : "valid");
        out.printf(Locale.ROOT, "link key:      %s%n", code.linkKey().toHexUnsafe());
        out.flush();
        return ExitStatus.OK;
    }
}
