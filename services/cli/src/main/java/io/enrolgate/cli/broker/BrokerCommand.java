package io.enrolgate.cli.broker;

import picocli.CommandLine.Command;

/** {@code enrolgate broker …}: files the MQTT broker (Mosquitto) needs. */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = "Make the MQTT broker's (Mosquitto 2.0) security configuration.",
        subcommands = {DynamicSecurityCommand.class})
public final class BrokerCommand {
}
