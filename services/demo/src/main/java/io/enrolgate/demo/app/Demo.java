package io.enrolgate.demo.app;

import io.enrolgate.demo.core.DemoOptions;
import io.enrolgate.demo.core.DemoPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * {@code enrolgate demo}: the whole system in one process, N simulated devices enrolling through it, progress,
 * a summary, a pcap; exit status 0 only if every device's installed key equals the key the oneM2M application
 * retrieved from the MEF. Everything it starts is stopped, and its temporary directory removed, when it ends
 * and on Ctrl-C. Keys never reach its output or logs, except the throwaway link keys of the demo's devices,
 * printed for tshark and labelled as such.
 */
public final class Demo {
    /** The demo cannot run here as things are: the message says what to do. */
    public static final int EXIT_SETUP = 2;
    /** Something broke while running (a part did not start): see the logs. */
    public static final int EXIT_ERROR = 1;

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
        DemoRun run = new DemoRun(options, home, terminal, out, err, environment, stopRequested, plan, logs);
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
}
