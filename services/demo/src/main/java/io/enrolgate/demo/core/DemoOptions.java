package io.enrolgate.demo.core;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code enrolgate demo} was asked to do.
 *
 * @param devices how many simulated devices enrol (1..{@value #MAX_DEVICES}, the device simulator's limit)
 * @param sleepy how many of them are sleepy end devices (they poll for their frames), 0..devices
 * @param miscoded how many are registered with an install code other than the one the device holds: they must
 *     be reported as failed (the demo's negative case; tests and the curious), 0..devices
 * @param pcap where the capture of the radio medium goes
 * @param keepRunning leave the system up after the summary, until Ctrl-C
 * @param serial a real gateway's serial port instead of the gateway simulator (no simulated devices then: they
 *     live on the simulated medium, which a real radio does not hear)
 * @param stateDirectory where the firmware build, the logs and the default pcap live ({@code ./.enrolgate})
 */
public record DemoOptions(int devices, int sleepy, int miscoded, Path pcap, boolean keepRunning, Optional<Path> serial,
        Path stateDirectory) {
    public static final int DEFAULT_DEVICES = 10;
    public static final int MAX_DEVICES = 256;
    public static final Path DEFAULT_STATE_DIRECTORY = Path.of(".enrolgate");

    public DemoOptions {
        Objects.requireNonNull(pcap, "pcap");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        if (devices < 1 || devices > MAX_DEVICES) {
            throw new IllegalArgumentException("--devices " + devices + ": expected 1.." + MAX_DEVICES
                    + " (the device simulator's limit)");
        }
        if (sleepy < 0 || sleepy > devices) {
            throw new IllegalArgumentException("--sleepy " + sleepy + ": expected 0.." + devices + " (at most --devices)");
        }
        if (miscoded < 0 || miscoded > devices) {
            throw new IllegalArgumentException("--miscoded " + miscoded + ": expected 0.." + devices
                    + " (at most --devices)");
        }
    }

    /** The defaults: 10 rx-on devices, state and pcap under {@code ./.enrolgate}. */
    public static DemoOptions defaults() {
        return new DemoOptions(DEFAULT_DEVICES, 0, 0, DEFAULT_STATE_DIRECTORY.resolve("demo.pcap"), false,
                Optional.empty(), DEFAULT_STATE_DIRECTORY);
    }

    public DemoOptions withDevices(int value) {
        return new DemoOptions(value, sleepy, miscoded, pcap, keepRunning, serial, stateDirectory);
    }

    public DemoOptions withSleepy(int value) {
        return new DemoOptions(devices, value, miscoded, pcap, keepRunning, serial, stateDirectory);
    }

    public DemoOptions withMiscoded(int value) {
        return new DemoOptions(devices, sleepy, value, pcap, keepRunning, serial, stateDirectory);
    }

    public DemoOptions withPcap(Path value) {
        return new DemoOptions(devices, sleepy, miscoded, value, keepRunning, serial, stateDirectory);
    }

    public DemoOptions withKeepRunning(boolean value) {
        return new DemoOptions(devices, sleepy, miscoded, pcap, value, serial, stateDirectory);
    }

    public DemoOptions withSerial(Optional<Path> value) {
        return new DemoOptions(devices, sleepy, miscoded, pcap, keepRunning, value, stateDirectory);
    }

    /** Moves the state directory; a pcap left at its default place moves with it. */
    public DemoOptions withStateDirectory(Path value) {
        Path movedPcap = pcap.equals(stateDirectory.resolve("demo.pcap")) ? value.resolve("demo.pcap") : pcap;
        return new DemoOptions(devices, sleepy, miscoded, movedPcap, keepRunning, serial, value);
    }

    /** Whether devices are simulated (not with a real gateway on {@code --serial}). */
    public boolean simulatesDevices() {
        return serial.isEmpty();
    }
}
