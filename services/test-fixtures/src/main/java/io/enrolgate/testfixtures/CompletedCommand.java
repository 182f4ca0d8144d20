package io.enrolgate.testfixtures;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a command run to completion printed (held in memory) and how it ended: for short commands such as
 * {@code enrolgate provisioning keygen} or {@code mosquitto_passwd}, whose output is the result.
 *
 * @param exitStatus its exit status
 * @param out        its standard output
 * @param err        its standard error
 */
public record CompletedCommand(int exitStatus, String out, String err) {
    /** How long to wait for the output pipes to close after the process exited (a grandchild may hold them). */
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(10);

    /**
     * Runs {@code builder} to completion with {@code input} (may be null: nothing) on its standard input.
     *
     * @throws UncheckedIOException  when it cannot start (no such program)
     * @throws IllegalStateException when it does not finish within {@code timeout} (it is killed then)
     */
    public static CompletedCommand run(String name, ProcessBuilder builder, String input, Duration timeout) {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + name + " (" + builder.command().get(0) + "): "
                    + e.getMessage(), e);
        }
        // Read both pipes while it runs: a process that fills a pipe nobody reads never finishes.
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException exitedBeforeReading) {
                // its exit status and stderr say why
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + ChildProcess.describe(timeout));
            }
            return new CompletedCommand(process.exitValue(), out.get(DRAIN_WAIT.toSeconds(), TimeUnit.SECONDS),
                    err.get(DRAIN_WAIT.toSeconds(), TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + name + ": " + e, e);
        }
    }

    /** Whether it exited with status 0. */
    public boolean succeeded() {
        return exitStatus == 0;
    }

    /** Its exit status and both outputs, for failure messages. */
    public String describe() {
        return "exit status " + exitStatus + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }

    /** On a thread of its own: the common pool may have a single thread, and each drain blocks until the end. */
    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }, task -> {
            Thread thread = new Thread(task, "completed-command-output");
            thread.setDaemon(true);
            thread.start();
        });
    }
}
