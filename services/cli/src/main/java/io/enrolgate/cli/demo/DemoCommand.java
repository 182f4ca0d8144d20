package io.enrolgate.cli.demo;

import io.enrolgate.cli.UserInputException;
import io.enrolgate.demo.app.Demo;
import io.enrolgate.demo.core.DemoOptions;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code enrolgate demo}: the whole system in one process, with simulated devices enrolling through it. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the whole system in this process and enrol simulated Zigbee devices through it: an embedded",
            "HiveMQ CE broker, an embedded H2 registry, the MEF (TLS-PSK), key-forge (2 replicas), provisioning",
            "(with the ACME oneM2M CSE when it is installed), the serial-bridge on the gateway firmware's POSIX",
            "simulator, N simulated devices with fresh install codes, and a oneM2M application that fetches each",
            "key from the MEF. Shows progress, then a summary (keys as fingerprints), and writes a pcap of the",
            "radio medium that Wireshark decrypts with the throwaway link keys it lists.",
            "Builds the simulators on first use (into .enrolgate/firmware-build; as root it installs their Debian",
            "packages with apt-get, otherwise it names them). Everything stops on exit and on Ctrl-C.",
            "Exit status: 0 every device's installed key equals the key the oneM2M application retrieved;",
            "1 some device failed (or a part did not start); 2 bad options or missing system packages."
        })
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "10",
            description = "Simulated devices that enrol (1..256, default ${DEFAULT-VALUE}).")
    private int devices;

    @Option(names = "--sleepy", paramLabel = "K", defaultValue = "0",
            description = "How many of them are sleepy end devices, which poll for their frames (default ${DEFAULT-VALUE}).")
    private int sleepy;

    @Option(names = "--pcap", paramLabel = "FILE",
            description = "Where the capture of the radio medium goes (default .enrolgate/demo.pcap).")
    private Path pcap;

    @Option(names = "--keep-running",
            description = "Leave the system up after the summary, its ports printed, until Ctrl-C.")
    private boolean keepRunning;

    @Option(names = "--serial", paramLabel = "PATH",
            description = "A real gateway's serial port instead of the simulator: no simulated devices then;"
                    + " the system stays up for devices you register (enrolgate device add) until Ctrl-C.")
    private Path serial;

    @Option(names = "--miscoded", paramLabel = "K", defaultValue = "0",
            description = "Register K of the devices with a wrong install code, to see a failure (default ${DEFAULT-VALUE}).")
    private int miscoded;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".enrolgate", hidden = true,
            description = "Where the firmware build, the logs and the default pcap go (default ${DEFAULT-VALUE}).")
    private Path stateDirectory;

    @Override
    public Integer call() {
        DemoOptions options;
        try {
            options = DemoOptions.defaults().withStateDirectory(stateDirectory).withDevices(devices).withSleepy(sleepy)
                    .withMiscoded(miscoded).withKeepRunning(keepRunning || serial != null)
                    .withSerial(Optional.ofNullable(serial));
            if (pcap != null) {
                options = options.withPcap(pcap);
            }
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        if (serial != null && !Files.exists(serial)) {
            throw new UserInputException("--serial " + serial + ": no such device (see enrolgate serial list)");
        }
        Path home = home(System.getenv()).orElseThrow(() -> new UserInputException("cannot find the Enrolgate checkout"
                + " (the directory with firmware/ and pom.xml) the demo builds its simulators from: run the demo through"
                + " ./enrolgate from the checkout, or set ENROLGATE_HOME"));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return new Demo(options, home, System.console() != null, out, err, System.getenv()).run();
    }

    /**
     * The checkout: {@code -Denrolgate.home}, {@code ENROLGATE_HOME}, else the first directory with
     * {@code firmware/CMakeLists.txt} and {@code pom.xml} above this jar (services/cli/target/enrolgate.jar) or
     * above the working directory.
     */
    static Optional<Path> home(Map<String, String> environment) {
        List<Path> starts = new ArrayList<>();
        String property = System.getProperty("enrolgate.home");
        if (property != null && !property.isBlank()) {
            return Optional.of(Path.of(property).toAbsolutePath().normalize()).filter(DemoCommand::isCheckout);
        }
        String variable = environment.get("ENROLGATE_HOME");
        if (variable != null && !variable.isBlank()) {
            return Optional.of(Path.of(variable).toAbsolutePath().normalize()).filter(DemoCommand::isCheckout);
        }
        try {
            starts.add(Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // no usable code source: the working directory remains
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                if (isCheckout(dir)) {
                    return Optional.of(dir);
                }
            }
        }
        return Optional.empty();
    }

    static boolean isCheckout(Path dir) {
        return Files.isRegularFile(dir.resolve("firmware/CMakeLists.txt")) && Files.isRegularFile(dir.resolve("pom.xml"));
    }
}
