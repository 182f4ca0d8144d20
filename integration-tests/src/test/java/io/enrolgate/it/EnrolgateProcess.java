package io.enrolgate.it;

import io.enrolgate.testfixtures.ChildProcess;
import io.enrolgate.testfixtures.CompletedCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    /** As an orchestrator waits after SIGTERM before it kills (Kubernetes: 30 s; the services need far less). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChildProcess process;

    private EnrolgateProcess(ChildProcess process) {
        this.process = process;
    }

    /** Starts {@code enrolgate ARGS...} as a long-running service; stdout and stderr go to {@code log}. */
    static EnrolgateProcess start(String name, Map<String, String> environment, Path log, String... arguments) {
        ProcessBuilder builder = ChildProcess.loggingTo(command(SERVICE_JVM, arguments), log, false);
        return new EnrolgateProcess(ChildProcess.start(name, withEnvironment(builder, environment), log));
    }

    /** Runs {@code enrolgate ARGS...} to completion with {@code input} on its standard input. */
    static CompletedCommand run(Map<String, String> environment, String input, Duration timeout, String... arguments) {
        ProcessBuilder builder = withEnvironment(new ProcessBuilder(command(COMMAND_JVM, arguments)), environment);
        return CompletedCommand.run("enrolgate " + String.join(" ", arguments), builder, input, timeout);
    }

    private static List<String> command(List<String> jvm, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("-jar");
        command.add(Repo.jar().toString());
        command.addAll(List.of(arguments));
        return command;
    }

    private static ProcessBuilder withEnvironment(ProcessBuilder builder, Map<String, String> environment) {
        builder.directory(Repo.TARGET.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("ENROLGATE_"));
        builder.environment().putAll(environment);
        return builder;
    }

    String name() {
        return process.name();
    }

    Path log() {
        return process.log().file();
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
        process.awaitReady("ready on port " + port, () -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            return true;
        }, timeout, Duration.ofMillis(100));
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
        return process.tail();
    }

    /** Stops the service as an orchestrator would: SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }
}
