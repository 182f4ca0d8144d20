package io.enrolgate.cli.bench;

import picocli.CommandLine.Command;

/** {@code enrolgate bench …}: load generators that report throughput and latency. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure a running system under load (figures are reported, never judged).",
        subcommands = {BenchForgeCommand.class})
public final class BenchCommand {
}
