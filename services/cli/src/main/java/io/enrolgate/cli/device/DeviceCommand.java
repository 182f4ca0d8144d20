package io.enrolgate.cli.device;

import picocli.CommandLine.Command;

/** {@code enrolgate device …}: the devices allowed to enrol, straight in the registry database. */
@Command(
        name = "device",
        mixinStandardHelpOptions = true,
        description = {
            "Register and manage the devices allowed to enrol, in the registry database.",
            "Install codes are stored encrypted and never shown, only whether one is set."
        },
        subcommands = {
            DeviceAddCommand.class,
            DeviceImportCommand.class,
            DeviceListCommand.class,
            DeviceShowCommand.class,
            DeviceChangeCommands.Disable.class,
            DeviceChangeCommands.Enable.class,
            DeviceChangeCommands.Remove.class,
        })
public final class DeviceCommand {
}
