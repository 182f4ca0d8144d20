package io.enrolgate.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code java -jar enrolgate.jar ...} process: a service ({@code serve ...}) that runs until {@link #close()}
 * (SIGTERM, as Kubernetes or systemd would stop it), or a command run to completion ({@link #run}). Its
 * environment is this JVM's without any {@code ENROLGATE_*} variable, plus what the caller gives: secrets
 * travel as {@code ENROLGATE_*} variables, as in the deployment.
 */
final class EnrolgateProcess implements AutoCloseable {
    /** A service's JVM: small heap, the serial collector (two cores shared by everything here). */
    static final List<String> SERVICE_JVM = List.of("-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:-UsePerfData");
    /** A one-shot command's JVM: started fast (C1 only). */
    static final List<String> COMMAND_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;

    private EnrolgateProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code enrolgate ARGS...} as a long-running service; stdout and stderr go to {@code log}. */
    static EnrolgateProcess start(String name, Map<String, String> environment, Path log, String... arguments) {
        ProcessBuilder builder = builder(SERVICE_JVM, environment, arguments)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return new EnrolgateProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** What a command printed and how it ended. */
    record Result(int exitStatus, String out, String err) {
        String describe() {
            return "exit status " + exitStatus + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** Runs {@code enrolgate ARGS...} to completion with {@code input} on its standard input. */
    static Result run(Map<String, String> environment, String input, Duration timeout, String... arguments) {
        ProcessBuilder builder = builder(COMMAND_JVM, environment, arguments);
        try {
            Process process = builder.start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("enrolgate " + String.join(" ", arguments) + " did not finish within "
                        + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run enrolgate " + arguments[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the output of enrolgate " + arguments[0], e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        });
    }

    private static ProcessBuilder builder(List<String> jvm, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("-jar");
        command.add(Repo.jar().toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Repo.TARGET.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("ENROLGATE_"));
        builder.environment().putAll(environment);
        return builder;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code GET http://127.0.0.1:PORT/health/ready} answers 200; fails with the log's tail otherwise. */
    void awaitReady(int port, Duration timeout) {
        URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue() + " while starting:\n"
                        + tail());
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " not ready on port " + port + " within " + timeout.toSeconds() + " s ("
                + last + "):\n" + tail());
    }

    /** {@code GET http://127.0.0.1:PORT/PATH}: the body of a 200 answer. */
    static String get(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " on port " + port + ": " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The last lines of the log, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the service as an orchestrator would: SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
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
