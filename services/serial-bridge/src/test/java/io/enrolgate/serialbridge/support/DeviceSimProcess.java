package io.enrolgate.serialbridge.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code eg-device-sim} for a list of devices: each scans the medium, associates, receives its Transport Key,
 * checks it with its install code and installs it. One JSON report per device ({@code --reveal-keys}: the
 * installed key itself, which the tests compare with the sealed key delivery).
 */
public final class DeviceSimProcess implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private DeviceSimProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    public static DeviceSimProcess start(Path directory, List<SimulatedDevice> devices, int mediumPort, int pan,
            int channel, Duration keyTimeout, Duration stagger) {
        String name = "devices-" + System.nanoTime();
        Path csv = directory.resolve(name + ".csv");
        Path out = directory.resolve(name + ".jsonl");
        Path err = directory.resolve(name + ".log");
        List<String> lines = new ArrayList<>();
        devices.forEach(d -> lines.add(d.csvLine()));
        try {
            Files.write(csv, lines);
            List<String> command = List.of(FirmwareSimulators.deviceSim().toString(),
                    "--devices-csv", csv.toString(),
                    "--port", Integer.toString(mediumPort),
                    "--channels", Integer.toString(channel),
                    "--pan-id", String.format(Locale.ROOT, "0x%04x", pan),
                    "--stagger-ms", Long.toString(stagger.toMillis()),
                    "--key-timeout-ms", Long.toString(keyTimeout.toMillis()),
                    "--reveal-keys");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new DeviceSimProcess(process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for every device to finish; returns their reports. */
    public List<JsonObject> await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("eg-device-sim did not finish within " + timeout + ": " + stderr());
            }
            return Files.readAllLines(out).stream().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String stderr() {
        try {
            String text = Files.readString(err);
            return text.substring(Math.max(0, text.length() - 3000));
        } catch (IOException e) {
            return "(cannot read " + err + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
