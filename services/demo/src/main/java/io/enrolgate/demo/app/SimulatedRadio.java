package io.enrolgate.demo.app;

import io.enrolgate.testfixtures.ChildProcess;
import io.enrolgate.zigbee.IeeeAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The radio side of a simulated deployment: a ZEP medium on a free UDP port, its capture ({@code zep-capture}, when a
 * pcap file is asked for) and the gateway firmware's simulator ({@code eg-gateway-sim}) on it, whose UART is a
 * pseudo-terminal it makes and names on start. What the demo and the integration tests start alike; the
 * serial-bridge that opens the UART is theirs to start (in this JVM or as a process). Logs go to
 * {@code zep-capture.log} and {@code eg-gateway-sim.log} in the log directory.
 */
public final class SimulatedRadio implements AutoCloseable {
    private static final String UART_LINE = "EG_GATEWAY_UART=";
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final int mediumPort;
    private final Optional<ChildProcess> capture;
    private final ChildProcess gateway;
    private final Path uart;

    private SimulatedRadio(int mediumPort, Optional<ChildProcess> capture, ChildProcess gateway, Path uart) {
        this.mediumPort = mediumPort;
        this.capture = capture;
        this.gateway = gateway;
        this.uart = uart;
    }

    /**
     * Starts the capture into {@code pcap} (when present; first, so that it sees every frame) and the gateway
     * simulator ({@code ieee}, PAN and channel, joining permitted), and waits until the simulator names its UART.
     * On failure what started is stopped again.
     */
    public static SimulatedRadio start(FirmwareTools.Binaries firmware, Optional<Path> pcap, Path logs,
            IeeeAddress ieee, int panId, int channel) {
        return start(firmware, pcap, logs, ieee, panId, channel, List.of());
    }

    /** As above, with more options for the gateway simulator (e.g. {@code --eg-deadline-ms}). */
    public static SimulatedRadio start(FirmwareTools.Binaries firmware, Optional<Path> pcap, Path logs,
            IeeeAddress ieee, int panId, int channel, List<String> gatewayOptions) {
        int mediumPort = FreePorts.medium();
        List<ChildProcess> started = new ArrayList<>();
        try {
            Optional<ChildProcess> capture = pcap.map(file -> {
                ChildProcess process = ChildProcess.start("zep-capture", List.of(firmware.zepCapture().toString(),
                        "--port", Integer.toString(mediumPort), "--output", file.toAbsolutePath().toString()),
                        logs.resolve("zep-capture.log"));
                started.add(process);
                process.awaitLine("a line containing 'listening'", line -> line.contains("listening"), STARTUP);
                return process;
            });
            List<String> command = new ArrayList<>(List.of(firmware.gatewaySim().toString(),
                    "--zep-port", Integer.toString(mediumPort),
                    "--channel", Integer.toString(channel),
                    "--pan", String.format(Locale.ROOT, "%04x", panId),
                    "--ieee", ieee.toTopicHex(),
                    "--permit-join", "255",
                    "--uart-log-level", "2"));
            command.addAll(gatewayOptions);
            ChildProcess gateway = ChildProcess.start("eg-gateway-sim", command, logs.resolve("eg-gateway-sim.log"));
            started.add(gateway);
            String line = gateway.awaitLine("its UART (" + UART_LINE + "...)", l -> l.startsWith(UART_LINE), STARTUP);
            return new SimulatedRadio(mediumPort, capture, gateway, Path.of(line.substring(UART_LINE.length()).strip()));
        } catch (RuntimeException e) {
            stopAll(started);
            throw e;
        }
    }

    /** The medium's UDP port: where {@code eg-device-sim --port} joins. */
    public int mediumPort() {
        return mediumPort;
    }

    /** The gateway simulator's UART: what the serial-bridge opens. */
    public Path uart() {
        return uart;
    }

    /** The gateway simulator, for its log in failure messages. */
    public ChildProcess gateway() {
        return gateway;
    }

    /** Stops the gateway simulator, then the capture (SIGTERM: it writes the end of the pcap). */
    @Override
    public void close() {
        List<ChildProcess> all = new ArrayList<>();
        capture.ifPresent(all::add);
        all.add(gateway);
        stopAll(all);
    }

    /** The last started first. */
    private static void stopAll(List<ChildProcess> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
    }
}
