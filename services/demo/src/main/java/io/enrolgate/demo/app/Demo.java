package io.enrolgate.demo.app;

import io.enrolgate.demo.core.DemoOptions;
import io.enrolgate.demo.core.DemoPlan;
import io.enrolgate.demo.core.DemoProgress;
import io.enrolgate.demo.core.DemoSummary;
import io.enrolgate.demo.core.ProgressRenderer;
import io.enrolgate.demo.core.SummaryTable;
import io.enrolgate.demo.core.TsharkHint;
import io.enrolgate.testfixtures.AcmeCse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code enrolgate demo}: the whole system in one process, N simulated devices enrolling through it, progress,
 * a summary, a pcap; exit status 0 only if every device's installed key equals the key the oneM2M application
 * retrieved from the MEF. Everything it starts is stopped, and its temporary directory removed, when it ends
 * and on Ctrl-C. Keys never reach its output or logs, except the throwaway link keys of the demo's devices,
 * printed for tshark and labelled as such.
 */
public final class Demo {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    /** The demo cannot run here as things are: the message says what to do. */
    public static final int EXIT_SETUP = 2;
    /** Something broke while running (a part did not start): see the logs. */
    public static final int EXIT_ERROR = 1;
    static final Duration STAGGER = Duration.ofMillis(25);
    static final Duration KEY_TIMEOUT = Duration.ofSeconds(5);

    private final DemoOptions options;
    private final Path home;
    private final boolean terminal;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> environment;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    /**
     * @param home the checkout (its {@code firmware/} is built)
     * @param terminal whether {@code out} is a terminal (a live progress bar instead of lines)
     */
    public Demo(DemoOptions options, Path home, boolean terminal, PrintWriter out, PrintWriter err,
            Map<String, String> environment) {
        this.options = Objects.requireNonNull(options, "options");
        this.home = Objects.requireNonNull(home, "home");
        this.terminal = terminal;
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.environment = Map.copyOf(environment);
    }

    /** Asks a running demo (e.g. one kept running) to stop, as Ctrl-C does. For tests. */
    public void requestStop() {
        stopRequested.countDown();
    }

    /** Runs the demo; returns the exit status. */
    public int run() {
        Path state = options.stateDirectory();
        Path logs = state.resolve("logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            err.println("enrolgate demo: cannot create " + logs + ": " + e.getMessage());
            err.flush();
            return EXIT_SETUP;
        }
        DemoPlan plan = options.simulatesDevices() ? DemoPlan.create(options, new SecureRandom()) : new DemoPlan(List.of());
        Run run = new Run(plan, logs);
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            run.stop(true);
        }, "enrolgate-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.execute();
        } finally {
            run.stop(false);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is stopping everything already
            }
        }
    }

    /** One execution: what it started, so that it can be stopped from the shutdown hook as well. */
    private final class Run {
        private final DemoPlan plan;
        private final Path logs;
        private Path runDirectory;
        private DemoLogging logging;
        private DemoSystem system;
        private SimulatedDevices devices;
        private boolean stopped;
        private volatile boolean interrupted;

        Run(DemoPlan plan, Path logs) {
            this.plan = plan;
            this.logs = logs;
        }

        int execute() {
            describe();
            FirmwareTools.Binaries firmware = null;
            if (options.simulatesDevices()) {
                try {
                    firmware = FirmwareTools.ensureBuilt(home.resolve("firmware"),
                            options.stateDirectory().resolve("firmware-build"), logs, out);
                } catch (DemoSetupException e) {
                    err.println("enrolgate demo: " + e.getMessage());
                    err.flush();
                    return EXIT_SETUP;
                }
            }
            Optional<Path> acme = AcmeCse.findInstalled(environment);
            DemoProgress progress;
            ProgressRenderer renderer = ProgressRenderer.forTerminal(terminal, out);
            try {
                runDirectory = Files.createTempDirectory("enrolgate-demo-");
                synchronized (this) {
                    if (stopped) {
                        return EXIT_ERROR;
                    }
                    logging = DemoLogging.toFile(logs.resolve("demo.log"));
                    system = new DemoSystem(options, runDirectory, logs, out);
                }
                out.println("Starting (temporary state in " + runDirectory + ", logs in " + logs + "):");
                out.flush();
                progress = new DemoProgress(plan, renderer);
                system.startServices(plan, progress, acme);
                if (acme.isEmpty()) {
                    out.println("  (no oneM2M CSE: ACME is not installed on this machine, so provisioning registers"
                            + " each key at the MEF but no node in a CSE; the oneM2M application learns key"
                            + " identifiers from the KEY_PROVISIONED events either way)");
                }
                system.startRadio(firmware);
            } catch (Exception e) {
                if (interrupted) {
                    return EXIT_ERROR;
                }
                LOG.error("demo: could not start", e);
                err.println("enrolgate demo: could not start: " + rootMessage(e) + " (details in "
                        + logs.resolve("demo.log") + ")");
                err.flush();
                return EXIT_ERROR;
            }
            if (!options.simulatesDevices()) {
                out.println();
                out.println("A real gateway is on " + options.serial().orElseThrow() + ": no simulated devices (they live"
                        + " on the simulated medium). The system stays up until Ctrl-C:");
                keepRunning();
                return DemoSummary.EXIT_ALL_EQUAL;
            }
            out.println();
            out.println(String.format(Locale.ROOT, "Devices joining (%d, one every %d ms; association → key timeout"
                    + " %d s):", plan.size(), STAGGER.toMillis(), KEY_TIMEOUT.toSeconds()));
            out.flush();
            try {
                runDevices(firmware, progress);
                awaitSettled(progress);
            } catch (Exception e) {
                if (interrupted) {
                    return EXIT_ERROR;
                }
                LOG.error("demo: the devices could not run", e);
                renderer.finish();
                err.println("enrolgate demo: the simulated devices could not run: " + rootMessage(e) + " (details in "
                        + logs + ")");
                err.flush();
                return EXIT_ERROR;
            }
            renderer.finish();
            DemoSummary summary = DemoSummary.of(progress.snapshot());
            out.println();
            out.println("Summary (keys shown as fingerprints: first 4 bytes of their SHA-256):");
            SummaryTable.render(summary).forEach(out::println);
            out.println();
            TsharkHint.render(options.pcap(), plan).forEach(out::println);
            out.println();
            out.println(summary.allEqual()
                    ? "Result: every device installed the key the oneM2M application retrieved from the MEF (exit status 0)."
                    : "Result: " + summary.failures().size() + " of " + plan.size() + " devices did not end with the key"
                            + " the oneM2M application retrieved (exit status " + summary.exitStatus() + ").");
            out.flush();
            LOG.info("demo: {} devices, {} equal, exit status {}", plan.size(), summary.counts().equal(),
                    summary.exitStatus());
            if (options.keepRunning()) {
                out.println();
                out.println("The system stays up (--keep-running) until Ctrl-C:");
                keepRunning();
            }
            return summary.exitStatus();
        }

        private void describe() {
            if (options.simulatesDevices()) {
                out.println(String.format(Locale.ROOT, "Enrolgate demo: %d simulated Zigbee device%s (%d sleepy%s) enrol"
                        + " through the gateway firmware's simulator; a oneM2M application fetches each key from the MEF.",
                        options.devices(), options.devices() == 1 ? "" : "s", options.sleepy(),
                        options.miscoded() > 0 ? ", " + options.miscoded() + " registered with a wrong install code" : ""));
            } else {
                out.println("Enrolgate demo with the gateway on " + options.serial().orElseThrow() + ".");
            }
            out.flush();
        }

        private void runDevices(FirmwareTools.Binaries firmware, DemoProgress progress) throws Exception {
            SimulatedDevices simulator = SimulatedDevices.start(firmware.deviceSim(), system.mediumPort,
                    DemoSystem.PAN_ID, DemoSystem.CHANNEL, STAGGER,
                    List.of("--key-timeout-ms", Long.toString(KEY_TIMEOUT.toMillis())), plan.devices(),
                    logs.resolve("device-sim.log"));
            synchronized (this) {
                devices = simulator;
            }
            Duration limit = STAGGER.multipliedBy(plan.size()).plus(KEY_TIMEOUT).plusSeconds(60);
            if (!simulator.readReports(progress::reported, e -> LOG.warn("demo: {}", e.getMessage()), limit)) {
                LOG.warn("demo: eg-device-sim still running after {} s; stopped it", limit.toSeconds());
            }
        }

        /** After the devices: until every issued key was provisioned and retrieved (or failed), bounded. */
        private void awaitSettled(DemoProgress progress) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).plusMillis(100L * plan.size()).toNanos();
            while (!progress.settled() && System.nanoTime() < deadline && !interrupted) {
                Thread.sleep(50);
            }
        }

        private void keepRunning() {
            try {
                system.endpoints().forEach(line -> out.println("  " + line));
            } catch (IOException e) {
                out.println("  (cannot write the files for the commands above: " + e.getMessage() + ")");
            }
            out.println("Press Ctrl-C to stop everything.");
            out.flush();
            try {
                stopRequested.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Stops what runs and removes the temporary directory; once. */
        void stop(boolean fromHook) {
            synchronized (this) {
                if (stopped) {
                    return;
                }
                stopped = true;
                interrupted = fromHook;
            }
            if (fromHook) {
                out.println();
                out.println("Stopping (Ctrl-C or a signal)...");
                out.flush();
            }
            if (devices != null) {
                devices.close();
            }
            if (system != null) {
                system.close();
            }
            if (runDirectory != null) {
                deleteTree(runDirectory);
            }
            if (logging != null) {
                logging.close();
            }
            if (fromHook) {
                out.println("Stopped; temporary files removed.");
                out.flush();
            }
        }
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        return cause == e || message.contains(String.valueOf(cause.getMessage())) ? message
                : message + " (" + cause.getMessage() + ")";
    }

    static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("demo: could not remove {}: {}", root, e.getMessage());
        }
    }
}
