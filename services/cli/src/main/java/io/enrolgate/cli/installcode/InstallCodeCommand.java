package io.enrolgate.cli.installcode;

import picocli.CommandLine.Command;

/** {@code enrolgate install-code …}: working with the install codes printed on device labels. */
@Command(
        name = "install-code",
        mixinStandardHelpOptions = true,
        description = "Parse install codes as printed on device labels and QR codes.",
        subcommands = {InstallCodeParseCommand.class})
public final class InstallCodeCommand {
}
