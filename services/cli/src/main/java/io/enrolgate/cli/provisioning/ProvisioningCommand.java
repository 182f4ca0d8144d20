package io.enrolgate.cli.provisioning;

import picocli.CommandLine.Command;

/** {@code enrolgate provisioning …}: what the provisioning service needs set up. */
@Command(
        name = "provisioning",
        mixinStandardHelpOptions = true,
        description = "Set up the provisioning service (the trusted side that takes keys from key-forge).",
        subcommands = {KeygenCommand.class})
public final class ProvisioningCommand {
}
