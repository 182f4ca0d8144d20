package io.enrolgate.serialbridge.support;

import io.enrolgate.testfixtures.ChildProcess;
import io.enrolgate.testfixtures.ProcessLog;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
    private final ProcessLog log;
    private ChildProcess process;
    private int starts;

    public SocatPty(Path directory) {
        this.gatewayEnd = directory.resolve("gateway-uart");
        this.hostEnd = directory.resolve("host-uart");
        this.log = new ProcessLog(directory.resolve("socat.log"));
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
            // Appended: each start adds its "starting data transfer loop" line, counted below.
            process = ChildProcess.start("socat", ChildProcess.loggingTo(command, log.file(), true), log.file());
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(e.getMessage() + " (Debian package 'socat')", e.getCause());
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
        process.stop();
        process = null;
        Await.until(Duration.ofSeconds(5), () -> !Files.exists(gatewayEnd) && !Files.exists(hostEnd),
                "socat links removed");
    }

    public String log() {
        return log.text();
    }

    @Override
    public void close() {
        kill();
    }
}
