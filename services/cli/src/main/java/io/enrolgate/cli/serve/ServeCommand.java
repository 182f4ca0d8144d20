package io.enrolgate.cli.serve;

import picocli.CommandLine.Command;

/**
 * {@code enrolgate serve <service>}: runs one service alone, as in the distributed deployment (one process
 * per service, each container or systemd unit running one of these).
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run one Enrolgate service alone until stopped (SIGTERM / Ctrl-C).",
        subcommands = {ServeMefCommand.class, ServeKeyForgeCommand.class, io.enrolgate.cli.serial.ServeSerialBridgeCommand.class,
            io.enrolgate.cli.provisioning.ServeProvisioningCommand.class})
public final class ServeCommand {
}
