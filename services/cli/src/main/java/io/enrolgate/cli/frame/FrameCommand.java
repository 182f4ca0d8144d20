package io.enrolgate.cli.frame;

import picocli.CommandLine.Command;

/** {@code enrolgate frame …}: forging and decoding APS Transport Key frames. */
@Command(
        name = "frame",
        mixinStandardHelpOptions = true,
        description = "Forge and decode Zigbee APS Transport Key frames, bit-exact with real Trust Centers.",
        subcommands = {FrameForgeCommand.class, FrameDecodeCommand.class})
public final class FrameCommand {
}
