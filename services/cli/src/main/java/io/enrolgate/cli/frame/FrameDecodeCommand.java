package io.enrolgate.cli.frame;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.enrolgate.cli.ExitStatus;
import io.enrolgate.cli.UserInputException;
import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.frame.MacDataFrame;
import io.enrolgate.zigbee.frame.MacFcs;
import io.enrolgate.zigbee.transportkey.DecodedTransportKey;
import io.enrolgate.zigbee.transportkey.TransportKeyDecoder;
import io.enrolgate.zigbee.transportkey.TransportKeyException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enrolgate frame decode}: opens a Transport Key frame with a device's link key. */
@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Decode an APS Transport Key frame (a NWK frame, or a whole MPDU with FCS) and decrypt it with the",
            "device's install code or link key. Prints every field and the transported key."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:decoded and the MIC verifies", "1:the MIC does not verify (wrong key or altered frame)",
            "2:the input is malformed or not a Transport Key (reason on stderr)"})
public final class FrameDecodeCommand implements Callable<Integer> {
    /** What the hex is; AUTO takes it for an MPDU when its last two bytes are the FCS of the rest. */
    enum InputFormat { AUTO, NWK, MPDU }

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private LinkKeyOptions linkKey;

    @Option(names = "--json", description = "Print the fields as one JSON object.")
    private boolean json;

    @Option(names = "--format", paramLabel = "auto|nwk|mpdu", defaultValue = "auto",
            description = "What the hex holds (default: ${DEFAULT-VALUE}: an MPDU if it ends with a valid FCS).")
    private InputFormat format;

    @Option(names = "--ignore-fcs", description = "With --format mpdu: accept a wrong FCS (captures often replace it).")
    private boolean ignoreFcs;

    @Parameters(paramLabel = "HEX", description = "The frame in hex (spaces, colons and dashes allowed).")
    private String frameHex;

    @Override
    public Integer call() throws JsonProcessingException {
        byte[] frame;
        try {
            frame = Hex.decode(frameHex);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("the frame: " + e.getMessage());
        }
        SymmetricKey key = linkKey.resolve();
        DecodedTransportKey decoded;
        try {
            decoded = isMpdu(frame)
                    ? TransportKeyDecoder.decodeMpdu(frame,
                            ignoreFcs ? MacDataFrame.FcsCheck.IGNORE : MacDataFrame.FcsCheck.VERIFY, key)
                    : TransportKeyDecoder.decodeNwkFrame(frame, key);
        } catch (TransportKeyException e) {
            int status = e.reason() == TransportKeyException.Reason.MIC_FAILURE
                    ? ExitStatus.CHECK_FAILED : ExitStatus.BAD_INPUT;
            throw new UserInputException(e.getMessage(), status);
        }
        print(DecodedFrameReport.of(decoded));
        return ExitStatus.OK;
    }

    private boolean isMpdu(byte[] frame) {
        return switch (format) {
            case NWK -> false;
            case MPDU -> true;
            case AUTO -> frame.length > MacFcs.LENGTH
                    && MacFcs.compute(frame, 0, frame.length - MacFcs.LENGTH)
                            == ((frame[frame.length - 2] & 0xFF) | (frame[frame.length - 1] & 0xFF) << 8);
        };
    }

    private void print(Map<String, Object> report) throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            printSection(out, "", report);
        }
        out.flush();
    }

    @SuppressWarnings("unchecked")
    private static void printSection(PrintWriter out, String prefix, Map<String, Object> fields) {
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (field.getValue() instanceof Map<?, ?> section) {
                printSection(out, prefix + field.getKey() + ".", (Map<String, Object>) section);
            } else {
                out.printf("%-28s %s%n", prefix + field.getKey() + ":", field.getValue());
            }
        }
    }
}
