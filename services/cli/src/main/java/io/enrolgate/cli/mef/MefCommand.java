package io.enrolgate.cli.mef;

import picocli.CommandLine.Command;

/** {@code enrolgate mef …}: talking to a oneM2M MEF as a MEF Client. */
@Command(
        name = "mef",
        mixinStandardHelpOptions = true,
        description = "Use a oneM2M M2M Enrolment Function (MEF) over HTTPS with TLS-PSK, as a MEF Client.",
        subcommands = {FetchKeyCommand.class})
public final class MefCommand {
}
