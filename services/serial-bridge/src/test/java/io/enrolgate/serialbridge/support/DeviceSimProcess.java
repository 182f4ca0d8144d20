package io.enrolgate.serialbridge.support;

import io.enrolgate.testfixtures.ChildProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code eg-device-sim} for a list of devices: each scans the medium, associates, receives its Transport Key,
 * checks it with its install code and installs it. One JSON report per device ({@code --reveal-keys}: the
 * installed key itself, which the tests compare with the sealed key delivery).
 */
public final class DeviceSimProcess implements AutoCloseable {
    private final ChildProcess process;
    private final Path reports;

    private DeviceSimProcess(ChildProcess process, Path reports) {
        this.process = process;
        this.reports = reports;
    }

    public static DeviceSimProcess start(Path directory, List<SimulatedDevice> devices, int mediumPort, int pan,
            int channel, Duration keyTimeout, Duration stagger) {
        String name = "devices-" + System.nanoTime();
        Path csv = directory.resolve(name + ".csv");
        Path reports = directory.resolve(name + ".jsonl");
        Path log = directory.resolve(name + ".log");
        List<String> lines = new ArrayList<>();
        devices.forEach(d -> lines.add(d.csvLine()));
        try {
            Files.write(csv, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of(FirmwareSimulators.deviceSim().toString(),
                "--devices-csv", csv.toString(),
                "--port", Integer.toString(mediumPort),
                "--channels", Integer.toString(channel),
                "--pan-id", String.format(Locale.ROOT, "0x%04x", pan),
                "--stagger-ms", Long.toString(stagger.toMillis()),
                "--key-timeout-ms", Long.toString(keyTimeout.toMillis()),
                "--reveal-keys");
        // The reports (stdout) apart from the diagnostics (stderr): one JSON object a line.
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(reports.toFile()).redirectError(log.toFile());
        return new DeviceSimProcess(ChildProcess.start("eg-device-sim", builder, log), reports);
    }

    /** Waits for every device to finish; returns their reports. */
    public List<JsonObject> await(Duration timeout) {
        if (!process.awaitExit(timeout)) {
            process.kill();
            throw new AssertionError("eg-device-sim did not finish within " + timeout + ": " + stderr());
        }
        try {
            return Files.readAllLines(reports).stream().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String stderr() {
        return process.tail();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.kill();
        }
    }
}
