package io.enrolgate.serialbridge.support;

import io.enrolgate.testfixtures.ChildProcess;
import io.enrolgate.zigbee.IeeeAddress;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code eg-gateway-sim}: the gateway firmware's core on Linux, its UART on {@code uart} (one end of a
 * pseudo-terminal line), its radio on the ZEP medium at {@code mediumPort}.
 */
public final class GatewaySimProcess implements AutoCloseable {
    private static final String COUNTERS = "EG_GATEWAY_COUNTERS=";
    /** Time to print its counters after SIGTERM. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final ChildProcess process;

    private GatewaySimProcess(ChildProcess process) {
        this.process = process;
    }

    public static GatewaySimProcess start(Path directory, Path uart, int mediumPort, IeeeAddress gateway, int pan,
            int channel, Duration egDeadline) {
        Path log = directory.resolve("gateway-" + System.nanoTime() + ".log");
        List<String> command = List.of(FirmwareSimulators.gatewaySim().toString(),
                "--uart", uart.toString(),
                "--zep-port", Integer.toString(mediumPort),
                "--ieee", gateway.toTopicHex(),
                "--pan", String.format(Locale.ROOT, "%04x", pan),
                "--channel", Integer.toString(channel),
                "--permit-join", "255",
                "--eg-deadline-ms", Long.toString(egDeadline.toMillis()),
                "--uart-log-level", "2");
        ChildProcess process = ChildProcess.start("eg-gateway-sim", command, log);
        try {
            process.awaitLine("its UART (EG_GATEWAY_UART=...)", line -> line.contains("EG_GATEWAY_UART="),
                    Duration.ofSeconds(10));
        } catch (IllegalStateException e) {
            process.kill();
            throw e;
        }
        return new GatewaySimProcess(process);
    }

    public String log() {
        return process.log().text();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops it (SIGTERM) and returns the counters it prints on the way out. */
    public JsonObject stop() {
        process.stop(STOP_GRACE);
        return log().lines().filter(l -> l.startsWith(COUNTERS))
                .map(l -> new JsonObject(l.substring(COUNTERS.length())))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no counters from eg-gateway-sim: " + log()));
    }

    /** Kills it (SIGKILL), as a crash or a power cut would. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
