package io.enrolgate.provisioning.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real oneM2M CSE ACME (PyPI {@code acmecse}) for tests: installed into a virtual environment by
 * {@code src/test/acme/install-acmecse.sh} on first use, started as an IN-CSE on a free port of 127.0.0.1
 * with a generated configuration (HTTP binding only, no TLS, TinyDB storage and file logs in a temporary
 * directory, admin originator {@value #ADMIN}), stopped (SIGTERM) and restarted with its data kept.
 *
 * <pre>{@code
 * try (AcmeCse cse = AcmeCse.start(directory)) {
 *     cse.pointOfAccess();            // http://127.0.0.1:PORT
 *     cse.retrieve("cse-in/zigbee-…"); // as the admin originator
 * }
 * }</pre>
 */
public final class AcmeCse implements AutoCloseable {
    public static final String ADMIN = "CAdmin";
    public static final String CSE_BASE = "cse-in";
    public static final String CSE_ID = "id-in";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path executable;
    private final Path directory;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Thread shutdownHook = new Thread(this::stop, "acme-cse-fixture-stop");
    private Process process;

    private AcmeCse(Path executable, Path directory, int port) {
        this.executable = executable;
        this.directory = directory;
        this.port = port;
    }

    /** Installs ACME if needed, then starts it with its data and logs in {@code directory}. */
    public static AcmeCse start(Path directory) {
        AcmeCse cse = new AcmeCse(install(), directory, freePort());
        cse.writeConfiguration();
        Runtime.getRuntime().addShutdownHook(cse.shutdownHook);
        cse.start();
        return cse;
    }

    /** {@code http://127.0.0.1:PORT}: the CSE's HTTP point of access. */
    public URI pointOfAccess() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the CSE (again, on the same port and data) and waits until its CSEBase answers. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            process = new ProcessBuilder(executable.toString(), "-dir", directory.toString(), "--headless")
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("stdout.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ACME exited with " + process.exitValue() + " while starting:\n"
                        + tail(log(), 4000));
            }
            try {
                if (retrieve(CSE_BASE).path("m2m:cb").has("ri")) {
                    return;
                }
            } catch (IOException | RuntimeException notYet) {
                // not listening yet, or still importing its resources
            }
            sleep(200);
        }
        stop();
        throw new IllegalStateException("ACME did not answer on port " + port + " within " + START_TIMEOUT + ":\n"
                + tail(log(), 4000));
    }

    /** Stops the CSE gracefully (SIGTERM), as an operator would; its TinyDB data stays. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** RETRIEVE {@code path} (CSE-relative, e.g. {@code cse-in/zigbee-…}) as the admin originator: the JSON body. */
    public JsonNode retrieve(String path) throws IOException {
        return mapper.readTree(get(path));
    }

    /** The raw body of a RETRIEVE of {@code path} (query included) as the admin originator. */
    public String get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(pointOfAccess() + "/" + path))
                .timeout(Duration.ofSeconds(10))
                .header("X-M2M-Origin", ADMIN)
                .header("X-M2M-RI", "fixture-" + UUID.randomUUID())
                .header("X-M2M-RVI", "3")
                .header("Accept", "application/json")
                .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * The whole resource tree as text: the CSEBase with all its descendants ({@code rcn=4}), then every resource
     * that discovery ({@code fu=1}) lists, retrieved one by one. What a scan for leaked key bytes reads.
     */
    public String walkResourceTree() throws IOException {
        StringBuilder tree = new StringBuilder(get(CSE_BASE + "?rcn=4")).append('\n');
        for (String uri : discoverAll()) {
            tree.append(uri).append(' ').append(get(uri)).append('\n');
        }
        return tree.toString();
    }

    /** Every resource's structured address, by discovery from the CSEBase. */
    public List<String> discoverAll() throws IOException {
        List<String> uris = new ArrayList<>();
        retrieve(CSE_BASE + "?fu=1").path("m2m:uril").forEach(uri -> uris.add(uri.asText()));
        return uris;
    }

    /** Every log line the CSE wrote (its log files and its console output). */
    public String log() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().contains(".log")).sorted().toList()) {
                all.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    /** The files the CSE keeps its data in (TinyDB JSON), as text. */
    public String dataFiles() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(directory.resolve("data"))) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void writeConfiguration() {
        String ini = String.join("\n",
                "; Generated by the Enrolgate test fixture (AcmeCse).",
                "[basic.config]",
                "cseType=IN",
                "cseID=" + CSE_ID,
                "cseName=" + CSE_BASE,
                "adminID=" + ADMIN,
                "networkInterface=127.0.0.1",
                "cseHost=127.0.0.1",
                "httpPort=" + port,
                "databaseType=tinydb",
                "logLevel=debug",
                "consoleTheme=dark",
                "secret=enrolgate-test-fixture",
                "",
                "[cse]",
                "enableRemoteCSE=false",
                "",
                "[cse.statistics]",
                "enable=false",
                "",
                "[database.tinydb]",
                "; written at once, so that a stop at any moment keeps what the CSE acknowledged",
                "writeDelay=0",
                "",
                "[logging]",
                "enableFileLogging=true",
                "enableScreenLogging=false",
                "size=100000000",
                "",
                "[textui]",
                "startWithTUI=false",
                "",
                "[console]",
                "headless=true",
                "",
                "[webui]",
                "enable=false",
                "");
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("acme.ini"), ini, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path install() {
        String installer = System.getProperty("enrolgate.acme.installer", "src/test/acme/install-acmecse.sh");
        try {
            Path output = Files.createTempFile("install-acmecse", ".out");
            Process process = new ProcessBuilder("bash", installer)
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(installer + " did not finish within " + INSTALL_TIMEOUT);
            }
            List<String> lines = Files.readAllLines(output);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0 || lines.isEmpty()) {
                throw new IllegalStateException(installer + " failed (exit " + process.exitValue()
                        + "): see its messages above");
            }
            return Path.of(lines.get(lines.size() - 1).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + installer, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing ACME", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    private static String tail(String text, int length) {
        return text.length() <= length ? text : text.substring(text.length() - length);
    }
}
