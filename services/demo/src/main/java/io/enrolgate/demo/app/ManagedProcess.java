package io.enrolgate.demo.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process the demo started (a firmware simulator, the packet capture): its output goes to a log file
 * under the demo's logs; {@link #close()} stops it (SIGTERM, then SIGKILL) with everything it started.
 */
final class ManagedProcess implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with stdout and stderr written to {@code log} (emptied first), stdin closed. */
    static ManagedProcess start(String name, List<String> command, Path log) {
        return start(name, new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))), log);
    }

    /** Starts a prepared builder; {@code log} is where its output was sent (for messages). */
    static ManagedProcess start(String name, ProcessBuilder builder, Path log) {
        try {
            return new ManagedProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + builder.command().get(0) + "): "
                    + e.getMessage(), e);
        }
    }

    Process process() {
        return process;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until a line of the log matches; returns it.
     *
     * @throws IllegalStateException when the process exits first or the time is up (with the log's tail)
     */
    String awaitLogLine(Predicate<String> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line = logText().lines().filter(matches).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited (status " + process.exitValue() + ") while starting: "
                        + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not get ready within " + timeout.toSeconds() + " s: "
                        + tail());
            }
            sleep(20);
        }
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    String tail() {
        String text = logText().strip();
        return text.isEmpty() ? "(no output; see " + log + ")" : text.substring(Math.max(0, text.length() - 1500))
                + " (" + log + ")";
    }

    /** Stops it gracefully (SIGTERM), and forcibly when it does not stop in time; its children too. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
