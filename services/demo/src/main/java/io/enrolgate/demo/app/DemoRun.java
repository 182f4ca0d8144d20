package io.enrolgate.demo.app;

import io.enrolgate.demo.core.DemoOptions;
import io.enrolgate.demo.core.DemoPlan;
import io.enrolgate.demo.core.DemoProgress;
import io.enrolgate.demo.core.DemoSummary;
import io.enrolgate.demo.core.ProgressRenderer;
import io.enrolgate.testfixtures.AcmeCse;
import io.enrolgate.testfixtures.FileTrees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of {@link Demo}: it starts the system and the devices, tells the user what happens, and keeps what
 * it started, so that it can be stopped from the shutdown hook (Ctrl-C) as well as at the end.
 */
final class DemoRun {
    // Demo's logger: the lines in demo.log keep the name they always had.
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    static final Duration STAGGER = Duration.ofMillis(25);
    static final Duration KEY_TIMEOUT = Duration.ofSeconds(5);

    private final DemoOptions options;
    private final Path home;
    private final boolean terminal;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> environment;
    private final CountDownLatch stopRequested;
    private final DemoPlan plan;
    private final Path logs;
    private Path runDirectory;
    private DemoLogging logging;
    private DemoSystem system;
    private SimulatedDevices devices;
    private boolean stopped;
    private volatile boolean interrupted;

    /**
     * @param home the checkout (its {@code firmware/} is built)
     * @param terminal whether {@code out} is a terminal (a live progress bar instead of lines)
     * @param stopRequested counted down on Ctrl-C or {@link Demo#requestStop()}: ends a system kept running
     */
    DemoRun(DemoOptions options, Path home, boolean terminal, PrintWriter out, PrintWriter err,
            Map<String, String> environment, CountDownLatch stopRequested, DemoPlan plan, Path logs) {
        this.options = options;
        this.home = home;
        this.terminal = terminal;
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.stopRequested = stopRequested;
        this.plan = plan;
        this.logs = logs;
    }

    int execute() {
        DemoReport.introduction(out, options);
        FirmwareTools.Binaries firmware = null;
        if (options.simulatesDevices()) {
            try {
                firmware = FirmwareTools.ensureBuilt(home.resolve("firmware"),
                        options.stateDirectory().resolve("firmware-build"), logs, out);
            } catch (DemoSetupException e) {
                err.println("enrolgate demo: " + e.getMessage());
                err.flush();
                return Demo.EXIT_SETUP;
            }
        }
        Optional<Path> acme = AcmeCse.findInstalled(environment);
        DemoProgress progress;
        ProgressRenderer renderer = ProgressRenderer.forTerminal(terminal, out);
        try {
            runDirectory = Files.createTempDirectory("enrolgate-demo-");
            synchronized (this) {
                if (stopped) {
                    return Demo.EXIT_ERROR;
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
                return Demo.EXIT_ERROR;
            }
            LOG.error("demo: could not start", e);
            err.println("enrolgate demo: could not start: " + DemoReport.rootMessage(e) + " (details in "
                    + logs.resolve("demo.log") + ")");
            err.flush();
            return Demo.EXIT_ERROR;
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
                return Demo.EXIT_ERROR;
            }
            LOG.error("demo: the devices could not run", e);
            renderer.finish();
            err.println("enrolgate demo: the simulated devices could not run: " + DemoReport.rootMessage(e) + " (details in "
                    + logs + ")");
            err.flush();
            return Demo.EXIT_ERROR;
        }
        renderer.finish();
        DemoSummary summary = DemoSummary.of(progress.snapshot());
        DemoReport.summary(out, summary, options.pcap(), plan);
        LOG.info("demo: {} devices, {} equal, exit status {}", plan.size(), summary.counts().equal(),
                summary.exitStatus());
        if (options.keepRunning()) {
            out.println();
            out.println("The system stays up (--keep-running) until Ctrl-C:");
            keepRunning();
        }
        return summary.exitStatus();
    }

    private void runDevices(FirmwareTools.Binaries firmware, DemoProgress progress) throws Exception {
        SimulatedDevices simulator = SimulatedDevices.start(firmware.deviceSim(), system.radio.mediumPort(),
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
            // A failure is logged, not thrown: the demo is stopping, and the rest must stop too.
            try {
                FileTrees.delete(runDirectory);
            } catch (UncheckedIOException e) {
                LOG.warn("demo: could not remove {}: {}", runDirectory, e.getMessage());
            }
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
