package io.enrolgate.cli;

import io.enrolgate.cli.frame.FrameCommand;
import io.enrolgate.cli.installcode.InstallCodeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code enrolgate} command. Each subcommand lives in its own class (and package, for the larger
 * families); this class only assembles them and sets the conventions every subcommand shares:
 * exit status 0 on success, 1 when a cryptographic check fails, 2 on bad input, with the reason on stderr.
 */
@Command(
        name = "enrolgate",
        mixinStandardHelpOptions = true,
        versionProvider = EnrolgateVersion.class,
        description = "Secure key distribution for Zigbee devices enrolling into a oneM2M deployment.",
        subcommands = {
            CommandLine.HelpCommand.class,
            InstallCodeCommand.class,
            FrameCommand.class,
            io.enrolgate.cli.demo.DemoCommand.class,
            io.enrolgate.cli.serve.ServeCommand.class,
            io.enrolgate.cli.bench.BenchCommand.class,
            io.enrolgate.cli.device.DeviceCommand.class,
            io.enrolgate.cli.mef.MefCommand.class,
            io.enrolgate.cli.provisioning.ProvisioningCommand.class,
            io.enrolgate.cli.serial.SerialCommand.class,
            io.enrolgate.cli.broker.BrokerCommand.class,
            io.enrolgate.cli.events.EventsCommand.class,
        })
public final class EnrolgateCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line in-process and returns the exit status (the tests call this). */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new EnrolgateCommand());
        commandLine.setExecutionExceptionHandler(new UserErrorHandler());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    @Override
    public void run() {
        // No subcommand: show what there is rather than doing nothing silently.
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
