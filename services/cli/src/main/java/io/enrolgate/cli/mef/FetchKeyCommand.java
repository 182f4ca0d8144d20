package io.enrolgate.cli.mef;

import io.enrolgate.cli.ExitStatus;
import io.enrolgate.cli.UserInputException;
import io.enrolgate.mef.client.MefClient;
import io.enrolgate.mef.client.MefClientException;
import io.enrolgate.mef.client.MefClientSettings;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.protocol.RetrievedKey;
import io.enrolgate.mef.tls.PreSharedKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code enrolgate mef fetch-key}: MEF Key Retrieval (TS-0003 8.3.5.2) as a oneM2M application would do
 * it, printing the Key Value in hex. Printing the key is this command's purpose; it prints nothing else
 * on stdout, so that a script can capture it.
 */
@Command(
        name = "fetch-key",
        mixinStandardHelpOptions = true,
        description = {
            "Retrieve a key from a MEF (MEF Key Retrieval over HTTPS, TLS 1.2 PSK) and print it in hex.",
            "The MEF FQDN in the key identifier is sent in SNI; --mef says where to connect."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the key was retrieved and printed",
            "2:an option is malformed (reason on stderr)",
            "3:the MEF refused: this identity is not in the key's targetIDs, or the key expired",
            "4:the MEF holds no key with this identifier",
            "5:the TLS-PSK handshake failed: wrong PSK, unknown PSK identity, or not this MEF",
            "6:the MEF could not be reached, failed, or did not answer in Mmef"
        })
public final class FetchKeyCommand implements Callable<Integer> {
    public static final int REFUSED = 3;
    public static final int NOT_FOUND = 4;
    public static final int HANDSHAKE_FAILED = 5;
    public static final int UNAVAILABLE = 6;

    @Spec
    private CommandSpec spec;

    @Option(names = "--mef", required = true, paramLabel = "URL",
            description = "Where the MEF listens: https://host[:port] (port 443 by default).")
    private String mefUrl;

    @Option(names = "--psk-identity", required = true, paramLabel = "ID",
            description = "This client's PSK identity (KpmID), as configured on the MEF.")
    private String pskIdentity;

    @ArgGroup(multiplicity = "1")
    private PskSource psk;

    @Option(names = "--key-id", required = true, paramLabel = "KID",
            description = "The key identifier: <RelativeKeyID>@<MEF-FQDN>.")
    private String keyId;

    @Option(names = "--first-half",
            description = "Print only the first 16 bytes: the key of a protocol that needs one 128-bit key"
                    + " (the Zigbee device's key).")
    private boolean firstHalf;

    /** Exactly one of --psk and --psk-file. */
    static final class PskSource {
        @Option(names = "--psk", paramLabel = "HEX",
                description = "The PSK in hex (visible to other local users in the process list: prefer --psk-file).")
        String hex;

        @Option(names = "--psk-file", paramLabel = "FILE", description = "A file holding the PSK in hex.")
        Path file;
    }

    @Override
    public Integer call() {
        KeyIdentifier key = KeyIdentifier.parse(keyId);
        MefClientSettings settings = MefClientSettings.of(mefUrl, key.mefFqdn(), pskIdentity, readPsk());
        RetrievedKey retrieved;
        try {
            retrieved = new MefClient(settings).retrieve(key);
        } catch (MefClientException e) {
            throw new UserInputException(e.getMessage(), exitStatus(e.kind()));
        }
        byte[] bytes = firstHalf ? retrieved.keyValue().firstHalf() : retrieved.keyValue().toBytes();
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println(HexFormat.of().withUpperCase().formatHex(bytes));
            out.flush();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        return ExitStatus.OK;
    }

    private PreSharedKey readPsk() {
        if (psk.hex != null) {
            return PreSharedKey.fromHex(psk.hex);
        }
        try {
            return PreSharedKey.fromHex(Files.readString(psk.file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UserInputException("--psk-file " + psk.file + " cannot be read: " + e.getMessage());
        }
    }

    static int exitStatus(MefClientException.Kind kind) {
        return switch (kind) {
            case REFUSED, EXPIRED -> REFUSED;
            case NOT_FOUND -> NOT_FOUND;
            case HANDSHAKE_FAILED -> HANDSHAKE_FAILED;
            case INVALID_REQUEST -> ExitStatus.BAD_INPUT;
            case UNAVAILABLE, MEF_ERROR, PROTOCOL_ERROR -> UNAVAILABLE;
        };
    }
}
