package io.enrolgate.serialbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A pair of pseudo-terminals joined by socat, reachable through two stable links: a UART line with a
 * gateway end and a host end. {@link #kill()} takes the line away (both links disappear, whoever has them
 * open reads an error); {@link #start()} makes a new pair behind the same links, as re-plugging a USB
 * adapter makes a new device behind the same {@code /dev/serial/by-id} link. Needs {@code socat} (Debian
 * package, in deploy/dev/ensure-test-tools.sh).
 */
public final class SocatPty implements AutoCloseable {
    private final Path gatewayEnd;
    private final Path hostEnd;
    private final Path log;
    private Process process;
    private int starts;

    public SocatPty(Path directory) {
        this.gatewayEnd = directory.resolve("gateway-uart");
        this.hostEnd = directory.resolve("host-uart");
        this.log = directory.resolve("socat.log");
    }

    public static SocatPty started(Path directory) {
        SocatPty pty = new SocatPty(directory);
        pty.start();
        return pty;
    }

    public Path gatewayEnd() {
        return gatewayEnd;
    }

    public Path hostEnd() {
        return hostEnd;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = List.of("socat", "-d", "-d",
                "pty,rawer,echo=0,link=" + gatewayEnd, "pty,rawer,echo=0,link=" + hostEnd);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run socat (Debian package 'socat'): " + e.getMessage(), e);
        }
        int expected = ++starts;
        Await.until(Duration.ofSeconds(10), () -> Files.exists(gatewayEnd) && Files.exists(hostEnd)
                && log().split("starting data transfer loop", -1).length - 1 >= expected,
                () -> "socat pty pair ready; log: " + log());
    }

    /** Kills socat: the line is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        Await.until(Duration.ofSeconds(5), () -> !Files.exists(gatewayEnd) && !Files.exists(hostEnd),
                "socat links removed");
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    @Override
    public void close() {
        kill();
    }
}
