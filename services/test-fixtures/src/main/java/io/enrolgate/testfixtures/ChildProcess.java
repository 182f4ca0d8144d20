package io.enrolgate.testfixtures;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process started by a test or the demo (a broker, a CSE, a firmware simulator, a service's JVM), with its output
 * in a log file: wait for a line of it or for a readiness check, and stop it as an operator would: SIGTERM, a grace
 * period to finish (save its data, print its counters), then SIGKILL, for whatever it started as well. Every
 * failure message names the process and quotes the last lines of its log.
 *
 * <pre>{@code
 * try (ChildProcess capture = ChildProcess.start("zep-capture", List.of(binary, "--port", "17754"), log)) {
 *     capture.awaitLine("a line containing 'listening'", line -> line.contains("listening"), Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class ChildProcess implements AutoCloseable {
    /** How long {@link #stop()} waits after SIGTERM before it kills. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);
    /** How long to wait for a process to go after SIGKILL, which it cannot ignore. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final long LINE_POLL_MILLIS = 20;

    private final String name;
    private final Process process;
    private final ProcessLog log;

    private ChildProcess(String name, Process process, ProcessLog log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with stdout and stderr written to {@code log} (emptied first), stdin empty. */
    public static ChildProcess start(String name, List<String> command, Path log) {
        return start(name, loggingTo(command, log, false), log);
    }

    /** Starts a prepared builder; {@code log} is the file its output (or its stderr) goes to. */
    public static ChildProcess start(String name, ProcessBuilder builder, Path log) {
        try {
            return new ChildProcess(name, builder.start(), new ProcessLog(log));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + builder.command().get(0) + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * A builder for {@code command} with stdout and stderr going to {@code log}, stdin empty; {@code append} keeps
     * what an earlier run wrote (a restart), else the file is emptied.
     */
    public static ProcessBuilder loggingTo(List<String> command, Path log, boolean append) {
        File file = log.toFile();
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(file) : ProcessBuilder.Redirect.to(file))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    public String name() {
        return name;
    }

    /** The process itself: for its pipes when the builder asked for them. */
    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public ProcessLog log() {
        return log;
    }

    /** The last lines of the log, for failure messages. */
    public String tail() {
        return log.tail();
    }

    /**
     * Waits until a line of the log matches; returns the first that does.
     *
     * @param expected what the line looks like, for the failure message
     * @throws IllegalStateException when the process exits first or the time is up, with the log's last lines
     */
    public String awaitLine(String expected, Predicate<String> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // Checked before reading, so that a line written just before the exit is still found.
            boolean alive = process.isAlive();
            Optional<String> line = log.lines().stream().filter(matches).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!alive) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue() + " before "
                        + expected + "; " + tail());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name + " did not print " + expected + " within " + describe(timeout)
                        + "; " + tail());
            }
            sleep(LINE_POLL_MILLIS);
        }
    }

    /** A check that the process is ready: true when it is; an exception means "not yet" and is quoted on failure. */
    @FunctionalInterface
    public interface ReadinessCheck {
        boolean isReady() throws Exception;
    }

    /**
     * Polls {@code check} every {@code interval} until it says ready.
     *
     * @param condition what ready means ("listening on port 1883"), for the failure message
     * @throws IllegalStateException when the process exits first or the time is up, with the last answer of the
     *                               check and the log's last lines; the process is left as it is
     */
    public void awaitReady(String condition, ReadinessCheck check, Duration timeout, Duration interval) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "not ready";
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue() + " before "
                        + condition + "; " + tail());
            }
            try {
                if (check.isReady()) {
                    return;
                }
                lastAnswer = "not ready";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            } catch (Exception notYet) {
                lastAnswer = notYet.toString();
            }
            sleep(interval.toMillis());
        }
        throw new IllegalStateException(name + " not " + condition + " within " + describe(timeout) + " (last check: "
                + lastAnswer + "); " + tail());
    }

    /** Waits up to {@code timeout} for the process to end by itself; true when it did. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
        }
    }

    /** The exit status of a process that ended (143 after SIGTERM, 137 after SIGKILL, unless it chose another). */
    public int exitStatus() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running: it has no exit status yet");
        }
        return process.exitValue();
    }

    /** {@link #stop(Duration)} with {@link #DEFAULT_STOP_GRACE}. */
    public int stop() {
        return stop(DEFAULT_STOP_GRACE);
    }

    /**
     * Stops it gracefully (SIGTERM), and forcibly (SIGKILL) when it has not exited after {@code grace}; then kills
     * what it started and left behind. Returns its exit status; does nothing more to a process that ended.
     */
    public int stop(Duration grace) {
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            if (!awaitExitUninterrupted(grace)) {
                process.destroyForcibly();
                awaitExitUninterrupted(KILL_WAIT);
            }
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Kills it (SIGKILL) with what it started, as a crash or a power cut would; returns its exit status. */
    public int kill() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        awaitExitUninterrupted(KILL_WAIT);
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Stops it ({@link #stop()}). */
    @Override
    public void close() {
        stop();
    }

    /** Waits for the exit; an interrupt kills the process at once (the caller is being stopped itself). */
    private boolean awaitExitUninterrupted(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** "10 s", or "200 ms" when not whole seconds: for failure messages. */
    static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }
}
