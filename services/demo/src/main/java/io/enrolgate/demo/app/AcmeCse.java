package io.enrolgate.demo.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The oneM2M CSE in which provisioning registers the Zigbee nodes: ACME (PyPI {@code acmecse}), started only
 * when it is already installed on this machine, in the virtual environment the provisioning tests install it
 * into ({@code ~/.cache/enrolgate/acmecse-VERSION}, or {@code ENROLGATE_ACMECSE_HOME}). The demo never installs
 * it. Runs as an IN-CSE on 127.0.0.1 (HTTP only) with its data in the run's directory.
 */
final class AcmeCse implements AutoCloseable {
    static final String CSE_BASE = "cse-in";
    private static final String ADMIN = "CAdmin";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final ManagedProcess process;
    private final int port;

    private AcmeCse(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The acmecse executable of an installation that finished, the newest version first; empty when there is none. */
    static Optional<Path> findInstalled(Map<String, String> environment) {
        String explicit = environment.get("ENROLGATE_ACMECSE_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return installedIn(Path.of(explicit));
        }
        String cache = environment.getOrDefault("XDG_CACHE_HOME", "");
        Path root = (cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache))
                .resolve("enrolgate");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("acmecse-"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .map(AcmeCse::installedIn).flatMap(Optional::stream).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> installedIn(Path home) {
        Path executable = home.resolve("venv/bin/acmecse");
        return Files.exists(home.resolve("installed")) && Files.isExecutable(executable) ? Optional.of(executable)
                : Optional.empty();
    }

    /** Starts ACME with its configuration and data in {@code directory}; waits until its CSEBase answers. */
    static AcmeCse start(Path executable, Path directory, Path log) {
        int port = FreePorts.tcp();
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("acme.ini"), configuration(port), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the CSE's directory " + directory, e);
        }
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-dir", directory.toString(), "--headless")
                .directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        AcmeCse cse = new AcmeCse(ManagedProcess.start("the oneM2M CSE (ACME)", builder, log), port);
        try {
            cse.awaitReady();
            return cse;
        } catch (RuntimeException e) {
            cse.close();
            throw e;
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the oneM2M CSE (ACME) exited while starting: " + process.tail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(pointOfAccess() + "/" + CSE_BASE))
                        .timeout(Duration.ofSeconds(5))
                        .header("X-M2M-Origin", ADMIN)
                        .header("X-M2M-RI", "demo-" + UUID.randomUUID())
                        .header("X-M2M-RVI", "3")
                        .header("Accept", "application/json")
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("m2m:cb")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the CSE", e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the CSE", e);
            }
        }
        throw new IllegalStateException("the oneM2M CSE (ACME) did not answer within " + START_TIMEOUT.toSeconds()
                + " s: " + process.tail());
    }

    private static String configuration(int port) {
        return String.join("\n", List.of(
                "; Generated by enrolgate demo for this run.",
                "[basic.config]",
                "cseType=IN",
                "cseID=id-in",
                "cseName=" + CSE_BASE,
                "adminID=" + ADMIN,
                "networkInterface=127.0.0.1",
                "cseHost=127.0.0.1",
                "httpPort=" + port,
                "databaseType=memory",
                "logLevel=info",
                "consoleTheme=dark",
                "secret=enrolgate-demo-" + UUID.randomUUID(),
                "",
                "[cse]",
                "enableRemoteCSE=false",
                "",
                "[cse.statistics]",
                "enable=false",
                "",
                "[logging]",
                "enableFileLogging=true",
                "enableScreenLogging=false",
                "",
                "[textui]",
                "startWithTUI=false",
                "",
                "[console]",
                "headless=true",
                "",
                "[webui]",
                "enable=false",
                ""));
    }

    int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    URI pointOfAccess() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.close();
    }
}
