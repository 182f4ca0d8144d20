package io.enrolgate.serialbridge.support;

import io.enrolgate.zigbee.IeeeAddress;
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
 * {@code eg-gateway-sim}: the gateway firmware's core on Linux, its UART on {@code uart} (one end of a
 * pseudo-terminal line), its radio on the ZEP medium at {@code mediumPort}.
 */
public final class GatewaySimProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private GatewaySimProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static GatewaySimProcess start(Path directory, Path uart, int mediumPort, IeeeAddress gateway, int pan,
            int channel, Duration egDeadline) {
        Path log = directory.resolve("gateway-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(FirmwareSimulators.gatewaySim().toString(),
                "--uart", uart.toString(),
                "--zep-port", Integer.toString(mediumPort),
                "--ieee", gateway.toTopicHex(),
                "--pan", String.format(Locale.ROOT, "%04x", pan),
                "--channel", Integer.toString(channel),
                "--permit-join", "255",
                "--eg-deadline-ms", Long.toString(egDeadline.toMillis()),
                "--uart-log-level", "2"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            GatewaySimProcess sim = new GatewaySimProcess(process, log);
            Await.until(Duration.ofSeconds(10), () -> sim.log().contains("EG_GATEWAY_UART=") || !process.isAlive(),
                    () -> "eg-gateway-sim started; log: " + sim.log());
            if (!process.isAlive()) {
                throw new IllegalStateException("eg-gateway-sim exited: " + sim.log());
            }
            return sim;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops it (SIGTERM) and returns the counters it prints on the way out. */
    public JsonObject stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return log().lines().filter(l -> l.startsWith("EG_GATEWAY_COUNTERS="))
                .map(l -> new JsonObject(l.substring("EG_GATEWAY_COUNTERS=".length())))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no counters from eg-gateway-sim: " + log()));
    }

    /** Kills it (SIGKILL), as a crash or a power cut would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
