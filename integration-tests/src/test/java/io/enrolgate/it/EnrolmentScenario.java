package io.enrolgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.demo.app.FirmwareTools;
import io.enrolgate.demo.app.SimulatedDevices;
import io.enrolgate.demo.core.DeviceReport;
import io.enrolgate.demo.core.PlannedDevice;
import io.enrolgate.proto.v1.EnrolmentEvent.State;
import io.enrolgate.testfixtures.CompletedCommand;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.installcode.InstallCode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo's scenario on the {@link DistributedSystem}, run once for all of {@link DistributedEnrolmentIT}'s checks:
 * 10 simulated devices registered with fresh install codes (4 sleepy) and one device that is not registered join
 * through the gateway firmware's simulator and its serial-bridge, while the broker user {@code events} follows every
 * event and a second gateway ({@link IntruderGateway}) tries to read and write the first one's topics. It keeps
 * what happened for the checks to read; {@link #close()} stops everything.
 */
final class EnrolmentScenario implements AutoCloseable {
    static final int REGISTERED = 10;
    private static final int SLEEPY = 4;
    private static final long FIRST_IEEE = 0x00124B00E1000001L;
    /** Registered besides the scenario's devices (one install code for all), for the throughput measurement. */
    static final int LOAD_DEVICES = 500;
    private static final long FIRST_LOAD_IEEE = 0x00124B00BE000000L;
    private static final Duration KEY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SETTLE = Duration.ofSeconds(60);

    final DistributedSystem system;
    final List<PlannedDevice> registered = new ArrayList<>();
    PlannedDevice unregistered;
    /** What eg-device-sim reported for each device (keys revealed: tests only). */
    final Map<IeeeAddress, DeviceReport> reports = new LinkedHashMap<>();
    /** The output of the enrolgate commands run (device import/add, fetch-key): the leak scan reads it. */
    final List<String> commandOutputs = new ArrayList<>();
    /** The MEF Key Value of each device as fetch-key printed it: the fetch-key check fills it, the leak scan reads it. */
    final Map<IeeeAddress, String> mefKeyValues = new LinkedHashMap<>();
    EnrolmentEvents events;
    IntruderGateway intruder;
    private final long startedAt;

    /** @param startedAt {@link System#nanoTime()} when the test class started, for the log line at the end */
    EnrolmentScenario(long startedAt) throws IOException {
        this.startedAt = startedAt;
        planDevices();
        system = new DistributedSystem();
    }

    /** The load devices: registered with the scenario, enrolled only by the throughput measurement. */
    static IeeeAddress loadDevice(int index) {
        return new IeeeAddress(FIRST_LOAD_IEEE + index);
    }

    /** The network key {@code device} installed, as eg-device-sim revealed it. */
    byte[] installedKey(PlannedDevice device) {
        return reports.get(device.ieee()).installedKey().orElseThrow().toBytes();
    }

    /** Starts the system, lets the devices join, and waits until the events have settled. */
    void run() throws Exception {
        try {
            system.firmware = FirmwareTools.ensureBuilt(Repo.HOME.resolve("firmware"), Repo.TARGET.resolve("firmware-build"),
                    system.logs, new PrintWriter(System.out, true));
            system.startDatabase();
            system.startBroker();
            system.startCse();
            system.makeSecrets();
            registerDevices();
            system.startMef();
            system.startKeyForgesAndProvisioning();
            events = EnrolmentEvents.connect(system);
            events.follow();
            intruder = IntruderGateway.connect(system);
            intruder.subscribeToTheGatewaysResponses();
            system.startRadio();
            intruder.publishInTheGatewaysName(registered);
            runDevices();
            awaitSettled();
            // What the events user saw during the scenario, for a person to read (no key material: the leak scan checks).
            events.writeTo(system.logs.resolve("scenario-events.jsonl"));
            system.step("scenario", String.format(Locale.ROOT, "done %.1f s after the start",
                    (System.nanoTime() - startedAt) / 1e9));
        } catch (Exception | Error e) {
            System.out.println("[it] the system did not start or the devices did not run; logs in " + system.logs);
            throw e;
        }
    }

    private void planDevices() {
        SecureRandom random = new SecureRandom();
        int[] lengths = {16, 8, 12, 6};
        for (int i = 0; i <= REGISTERED; i++) {
            byte[] code = new byte[lengths[i % lengths.length]];
            random.nextBytes(code);
            InstallCode installCode = InstallCode.withComputedCrc(code);
            boolean sleepy = i < REGISTERED && (long) (i + 1) * SLEEPY / REGISTERED > (long) i * SLEEPY / REGISTERED;
            PlannedDevice device = new PlannedDevice(new IeeeAddress(FIRST_IEEE + i), installCode, installCode, sleepy);
            if (i < REGISTERED) {
                registered.add(device);
            } else {
                unregistered = device;
            }
        }
    }

    /** All but one with {@code enrolgate device import} (plus the load devices), the last with {@code device add}. */
    private void registerDevices() throws IOException {
        StringBuilder csv = new StringBuilder("ieee,install_code,targets,labels\n");
        for (PlannedDevice device : registered.subList(0, REGISTERED - 1)) {
            csv.append(device.ieee().toTopicHex()).append(',').append(HexFormat.of().formatHex(
                    device.installCode().toBytesWithCrc())).append(',').append(DistributedSystem.APPLICATION_AE_ID)
                    .append(",source=integration-test\n");
        }
        byte[] loadCode = system.bytes(16);
        String loadCodeHex = HexFormat.of().formatHex(InstallCode.withComputedCrc(loadCode).toBytesWithCrc());
        for (int i = 0; i < LOAD_DEVICES; i++) {
            csv.append(loadDevice(i).toTopicHex()).append(',').append(loadCodeHex).append(',')
                    .append(DistributedSystem.APPLICATION_AE_ID).append(",source=load\n");
        }
        Path file = system.secret("devices.csv", csv.toString());
        OperatorCommands commands = new OperatorCommands(system);
        CompletedCommand imported = commands.device("import", Duration.ofSeconds(120), List.of(file.toString()));
        assertThat(imported.exitStatus()).as(imported.describe()).isZero();
        PlannedDevice last = registered.get(REGISTERED - 1);
        CompletedCommand added = commands.device("add", Duration.ofSeconds(60), List.of("--ieee", last.ieee().toTopicHex(),
                "--install-code", HexFormat.of().formatHex(last.installCode().toBytesWithCrc()), "--target",
                DistributedSystem.APPLICATION_AE_ID));
        assertThat(added.exitStatus()).as(added.describe()).isZero();
        commandOutputs.add("device import: " + imported.describe());
        commandOutputs.add("device add: " + added.describe());
        system.step("registry (enrolgate device import + add)", (REGISTERED + LOAD_DEVICES) + " devices; "
                + unregistered.ieee().toTopicHex() + " left out on purpose");
    }

    /** The device simulator: install codes through a pipe, one JSON report per device back (keys revealed: tests only). */
    private void runDevices() throws Exception {
        // ~0.5 s listening for beacons (default ~0.14 s): a loaded machine may answer a beacon request late.
        List<String> options = List.of("--scan-duration", "5", "--key-timeout-ms", Long.toString(KEY_TIMEOUT.toMillis()));
        try (SimulatedDevices devices = SimulatedDevices.start(system.firmware.deviceSim(), system.radio.mediumPort(),
                DistributedSystem.PAN_ID, DistributedSystem.CHANNEL, Duration.ofMillis(25), options, allDevices(),
                system.logs.resolve("eg-device-sim.log"))) {
            if (!devices.readReports(report -> reports.put(report.ieee(), report), malformed -> {
                throw malformed;
            }, Duration.ofSeconds(120))) {
                throw new IllegalStateException("eg-device-sim did not finish within 120 s; " + devices.tail());
            }
        }
        system.step("eg-device-sim", reports.size() + " reports; " + reports.values().stream().filter(
                DeviceReport::keyInstalled).count() + " keys installed");
    }

    /** Until every registered device's key is provisioned and the stranger is rejected, or 60 s. */
    private void awaitSettled() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            boolean provisioned = registered.stream().allMatch(d -> events.event(d.ieee(), State.KEY_PROVISIONED)
                    .isPresent());
            if (provisioned && events.event(unregistered.ieee(), State.REJECTED).isPresent()) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private List<PlannedDevice> allDevices() {
        return Stream.concat(registered.stream(), Stream.of(unregistered)).toList();
    }

    /** {@code ieee,link_key} of every device, from the device simulator ({@code --print-link-keys}). */
    Map<String, String> linkKeys() throws Exception {
        Process process = new ProcessBuilder(system.firmware.deviceSim().toString(), "--devices-csv", "-",
                "--print-link-keys").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream stdin = process.getOutputStream()) {
            for (PlannedDevice device : allDevices()) {
                stdin.write((device.simulatorLine() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : output.split("\\s+")) {
            if (line.contains(",")) {
                String[] parts = line.split(",");
                keys.put(parts[0].toLowerCase(Locale.ROOT), parts[1]);
            }
        }
        assertThat(keys).as("link keys printed by eg-device-sim").hasSize(REGISTERED + 1);
        return keys;
    }

    /** Stops the probes, then the system (the last started first). */
    @Override
    public void close() {
        if (events != null) {
            events.close();
        }
        if (intruder != null) {
            intruder.close();
        }
        system.close();
    }
}
