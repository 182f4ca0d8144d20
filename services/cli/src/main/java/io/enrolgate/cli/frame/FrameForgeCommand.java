package io.enrolgate.cli.frame;

import io.enrolgate.cli.ExitStatus;
import io.enrolgate.cli.UserInputException;
import io.enrolgate.cli.convert.HexShortConverter;
import io.enrolgate.cli.convert.IeeeAddressConverter;
import io.enrolgate.cli.convert.SymmetricKeyConverter;
import io.enrolgate.cli.convert.UnsignedNumberConverter;
import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.crypto.KeyDerivation;
import io.enrolgate.zigbee.transportkey.NwkIeeeFields;
import io.enrolgate.zigbee.transportkey.TransportKeyForge;
import io.enrolgate.zigbee.transportkey.TransportKeyParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code enrolgate frame forge}: one Transport Key frame from its parameters, as upper-case hex. */
@Command(
        name = "forge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Forge the APS Transport Key frame that gives a joining device the network key, sealed with the",
            "key-transport key of its install code. Prints the NWK frame (or, with --mac, the MPDU with FCS) as",
            "upper-case hex. IEEE addresses in display order (as on labels); numbers in decimal or 0x-hex."
        },
        footer = {"", "Example:",
            "  enrolgate frame forge --tc-ieee 00124B0001020304 --device-ieee 000D6F000A0B0C0D --device-short 4F2C \\",
            "    --install-code 83FED3407A939723A5C639B26916D505C3B5 --key 2B7E151628AED2A6ABF7158809CF4F3C \\",
            "    --key-seq 0 --frame-counter 123456 --aps-counter 66 --nwk-seq 123"})
public final class FrameForgeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--tc-ieee", required = true, paramLabel = "HEX", converter = IeeeAddressConverter.class,
            description = "IEEE address of the Trust Center (the EG): the frame's source, part of the nonce.")
    private IeeeAddress trustCenterIeee;

    @Option(names = "--device-ieee", required = true, paramLabel = "HEX", converter = IeeeAddressConverter.class,
            description = "IEEE address of the joining device.")
    private IeeeAddress deviceIeee;

    @Option(names = "--device-short", required = true, paramLabel = "HEX", converter = HexShortConverter.class,
            description = "Short (network) address the gateway gave the device, e.g. 4F2C.")
    private int deviceShort;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private LinkKeyOptions linkKey;

    @Option(names = "--key", required = true, paramLabel = "HEX", converter = SymmetricKeyConverter.class,
            description = "The network key to transport (32 hex digits).")
    private SymmetricKey networkKey;

    @Option(names = "--key-seq", required = true, paramLabel = "N", converter = UnsignedNumberConverter.class,
            description = "Network key sequence number, 0..255.")
    private long keySequence;

    @Option(names = "--frame-counter", required = true, paramLabel = "N", converter = UnsignedNumberConverter.class,
            description = "APS frame counter, 0..4294967295. Never reuse one under the same install code.")
    private long frameCounter;

    @Option(names = "--aps-counter", required = true, paramLabel = "N", converter = UnsignedNumberConverter.class,
            description = "APS counter, 0..255.")
    private long apsCounter;

    @Option(names = "--nwk-seq", required = true, paramLabel = "N", converter = UnsignedNumberConverter.class,
            description = "NWK sequence number, 0..255.")
    private long nwkSequence;

    @Option(names = "--radius", paramLabel = "N", converter = UnsignedNumberConverter.class,
            defaultValue = "30", description = "NWK radius, 1..255 (default: ${DEFAULT-VALUE}).")
    private long radius;

    @Option(names = "--tc-short", paramLabel = "HEX", converter = HexShortConverter.class, defaultValue = "0000",
            description = "NWK source address (default: ${DEFAULT-VALUE}, the coordinator).")
    private int trustCenterShort;

    @Option(names = "--nwk-ieee-fields", paramLabel = "none|dst|both", defaultValue = "none",
            converter = NwkIeeeFieldsConverter.class,
            description = "Optional IEEE addresses in the NWK header (default: none, NWK frame control 0x0008; "
                    + "both gives 0x1808).")
    private NwkIeeeFields nwkIeeeFields;

    @Option(names = "--mac", description = "Wrap the NWK frame in an IEEE 802.15.4 data frame with its FCS.")
    private boolean mac;

    @Option(names = "--pan-id", paramLabel = "HEX", converter = HexShortConverter.class,
            description = "PAN identifier of the MAC header (with --mac or --pcap).")
    private Integer panId;

    @Option(names = "--mac-seq", paramLabel = "N", converter = UnsignedNumberConverter.class, defaultValue = "0",
            description = "MAC sequence number, 0..255 (default: ${DEFAULT-VALUE}).")
    private long macSequence;

    @Option(names = "--pcap", paramLabel = "FILE",
            description = "Also write the MPDU to FILE as a pcap (link type 195) that Wireshark opens.")
    private Path pcap;

    @Override
    public Integer call() throws IOException {
        TransportKeyParameters parameters = TransportKeyParameters.builder()
                .trustCenterIeee(trustCenterIeee).trustCenterShort(trustCenterShort)
                .deviceIeee(deviceIeee).deviceShort(deviceShort)
                .networkKey(networkKey).keySequence(narrow("--key-seq", keySequence))
                .apsFrameCounter(frameCounter).apsCounter(narrow("--aps-counter", apsCounter))
                .nwkSequence(narrow("--nwk-seq", nwkSequence)).radius(narrow("--radius", radius))
                .nwkIeeeFields(nwkIeeeFields)
                .build();
        SymmetricKey keyTransportKey = KeyDerivation.keyTransportKey(linkKey.resolve());
        if ((mac || pcap != null) && panId == null) {
            throw new UserInputException("--pan-id is required with --mac or --pcap (the MAC header carries it)");
        }
        byte[] mpdu = panId == null ? null
                : TransportKeyForge.forgeMpdu(parameters, keyTransportKey, panId, narrow("--mac-seq", macSequence));
        byte[] output = mac ? mpdu : TransportKeyForge.forge(parameters, keyTransportKey);
        if (pcap != null) {
            try (OutputStream file = Files.newOutputStream(pcap); PcapWriter writer = new PcapWriter(file)) {
                writer.write(Instant.now(), mpdu);
            }
        }
        spec.commandLine().getOut().println(Hex.encode(output));
        spec.commandLine().getOut().flush();
        return ExitStatus.OK;
    }

    /** Range checks happen in TransportKeyParameters; this only keeps a huge number from wrapping first. */
    private static int narrow(String option, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new UserInputException(option + " " + value + " is out of range");
        }
        return (int) value;
    }
}
