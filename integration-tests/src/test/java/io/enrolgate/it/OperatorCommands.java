package io.enrolgate.it;

import io.enrolgate.testfixtures.CompletedCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code enrolgate} commands an operator or a oneM2M application runs against the {@link DistributedSystem},
 * each as its own process: {@code device ...} on the registry, {@code mef fetch-key} on the MEF.
 */
final class OperatorCommands {
    private final DistributedSystem system;

    OperatorCommands(DistributedSystem system) {
        this.system = system;
    }

    /** {@code enrolgate device <subcommand> <the registry's options> <arguments>}, the password in the environment. */
    CompletedCommand device(String subcommand, Duration timeout, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("device", subcommand, "--db-url", system.registryUrl,
                "--db-user", system.postgres.user(), "--kek-file", system.secrets.registryKekFile.toString()));
        command.addAll(arguments);
        return EnrolgateProcess.run(Map.of("ENROLGATE_DB_PASSWORD", system.postgres.password()), null, timeout,
                command.toArray(String[]::new));
    }

    /** {@code enrolgate mef fetch-key} against the MEF as the client {@code pskIdentity}: prints the Key Value. */
    CompletedCommand fetchKey(String pskIdentity, Path pskFile, String keyId) {
        return EnrolgateProcess.run(Map.of(), null, Duration.ofSeconds(60), "mef", "fetch-key", "--mef",
                "https://127.0.0.1:" + system.mefPort, "--psk-identity", pskIdentity, "--psk-file", pskFile.toString(),
                "--key-id", keyId);
    }
}
