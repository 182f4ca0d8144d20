package io.enrolgate.cli.serial;

import picocli.CommandLine.Command;

/** {@code enrolgate serial …}: the serial ports a gateway can be plugged into. */
@Command(
        name = "serial",
        mixinStandardHelpOptions = true,
        description = "Serial ports of this machine, where an Enrolgate gateway (nRF52840) is plugged in.",
        subcommands = {SerialListCommand.class})
public final class SerialCommand {
}
