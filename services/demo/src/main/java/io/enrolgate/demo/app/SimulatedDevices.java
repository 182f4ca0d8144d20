package io.enrolgate.demo.app;

import io.enrolgate.demo.core.DeviceReport;
import io.enrolgate.demo.core.PlannedDevice;
import io.enrolgate.testfixtures.ChildProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * {@code eg-device-sim} for a list of planned devices on a {@link SimulatedRadio}'s medium: each scans, associates,
 * receives its Transport Key and installs it. The install codes go in through a pipe, never a file; one JSON report
 * per device comes back on the other pipe, with the installed key ({@code --reveal-keys}) for the comparison only:
 * never written to a file. Its diagnostics (stderr) go to the log.
 */
public final class SimulatedDevices implements AutoCloseable {
    /** How long the reports may take to drain after the simulator ended or was stopped. */
    private static final Duration READER_JOIN = Duration.ofSeconds(10);

    private final ChildProcess process;

    private SimulatedDevices(ChildProcess process) {
        this.process = process;
    }

    /**
     * Starts the simulator for {@code devices}, one every {@code stagger}, and hands it their install codes.
     *
     * @param options further {@code eg-device-sim} options ({@code --key-timeout-ms}, {@code --scan-duration}, …)
     */
    public static SimulatedDevices start(Path binary, int mediumPort, int panId, int channel, Duration stagger,
            List<String> options, List<PlannedDevice> devices, Path log) {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--devices-csv", "-",
                "--port", Integer.toString(mediumPort),
                "--channels", Integer.toString(channel),
                "--pan-id", String.format(Locale.ROOT, "0x%04x", panId),
                "--stagger-ms", Long.toString(stagger.toMillis())));
        command.addAll(options);
        command.add("--reveal-keys");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile()));
        ChildProcess process = ChildProcess.start("eg-device-sim", builder, log);
        try (OutputStream stdin = process.process().getOutputStream()) {
            for (PlannedDevice device : devices) {
                stdin.write((device.simulatorLine() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            process.kill();
            throw new UncheckedIOException("eg-device-sim did not take the devices: " + e.getMessage() + "; "
                    + process.tail(), e);
        }
        return new SimulatedDevices(process);
    }

    /**
     * Hands every report to {@code each} as it comes, until the simulator ends; stops it when it has not ended
     * within {@code limit}. A line that is not a report goes to {@code malformed}; what it or {@code each} throws
     * is thrown here.
     *
     * @return whether the simulator ended by itself within the limit
     */
    public boolean readReports(Consumer<DeviceReport> each, Consumer<IllegalArgumentException> malformed,
            Duration limit) throws InterruptedException {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        // On a thread of its own, so that a simulator that hangs is stopped after the limit even mid-line.
        Thread reader = new Thread(() -> {
            try {
                read(each, malformed);
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "device-simulator-reports");
        reader.setDaemon(true);
        reader.start();
        boolean ended = process.awaitExit(limit);
        if (!ended) {
            process.stop();
        }
        reader.join(READER_JOIN.toMillis());
        if (failure.get() != null) {
            throw failure.get();
        }
        return ended;
    }

    private void read(Consumer<DeviceReport> each, Consumer<IllegalArgumentException> malformed) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.process().getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                DeviceReport report;
                try {
                    report = DeviceReport.parse(line);
                } catch (IllegalArgumentException e) {
                    malformed.accept(e);
                    continue;
                }
                each.accept(report);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading eg-device-sim's reports: " + e.getMessage(), e);
        }
    }

    /** The end of its diagnostics, for failure messages. */
    public String tail() {
        return process.tail();
    }

    /** Stops it (SIGTERM, then SIGKILL). */
    @Override
    public void close() {
        process.stop();
    }
}
