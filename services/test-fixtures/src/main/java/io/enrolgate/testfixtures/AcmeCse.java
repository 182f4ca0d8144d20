package io.enrolgate.testfixtures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The real oneM2M CSE ACME (PyPI {@code acmecse}) as a process: an IN-CSE ({@value #CSE_ID}/{@value #CSE_BASE}) on
 * a free port of 127.0.0.1 with a generated configuration (HTTP binding only, no TLS, file logs, admin originator
 * {@value #ADMIN}), stopped with SIGTERM and restartable on the same port and data.
 *
 * <p>Where the executable comes from, two ways:
 * <ul>
 *   <li>{@link #install()}: runs {@code install-acmecse.sh} (a class-path resource beside this class, which pins
 *       the version), which installs ACME into a virtual environment under
 *       {@code ~/.cache/enrolgate/acmecse-VERSION} (or {@code ENROLGATE_ACMECSE_HOME}) on first use. The tests.</li>
 *   <li>{@link #findInstalled(Map)}: only an installation that already finished, never installs. The demo.</li>
 * </ul>
 *
 * <pre>{@code
 * try (AcmeCse cse = AcmeCse.start(directory)) {   // install() + Settings.forTests(directory)
 *     cse.pointOfAccess();            // http://127.0.0.1:PORT
 *     cse.retrieve("cse-in/zigbee-…"); // as the admin originator
 * }
 * }</pre>
 */
public final class AcmeCse implements AutoCloseable {
    public static final String ADMIN = "CAdmin";
    public static final String CSE_BASE = "cse-in";
    public static final String CSE_ID = "id-in";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** Where the CSE keeps its resources. */
    public enum Storage {
        /** TinyDB files under the directory: a stop and a start keep what the CSE acknowledged. */
        TINYDB,
        /** Memory only: gone when the CSE stops. */
        MEMORY
    }

    /**
     * How to run it.
     *
     * @param directory   its configuration ({@code acme.ini}), data and log files
     * @param storage     where it keeps its resources
     * @param logLevel    ACME's {@code logLevel} ({@code debug}, {@code info}, …)
     * @param secret      ACME's {@code secret} setting
     * @param consoleLog  where its console output goes: emptied by the first start, appended to by a restart
     * @param stopGrace   how long {@link #stop()} waits after SIGTERM before it kills the process
     * @param stopOnExit  also stop it from a JVM shutdown hook (when the owner does not stop it in order itself)
     * @param listenAddress the address its HTTP server binds: 127.0.0.1, unless containers must reach it (0.0.0.0)
     */
    public record Settings(Path directory, Storage storage, String logLevel, String secret, Path consoleLog,
            Duration stopGrace, boolean stopOnExit, String listenAddress) {
        public Settings(Path directory, Storage storage, String logLevel, String secret, Path consoleLog,
                Duration stopGrace, boolean stopOnExit) {
            this(directory, storage, logLevel, secret, consoleLog, stopGrace, stopOnExit, "127.0.0.1");
        }

        public Settings {
            Objects.requireNonNull(listenAddress, "listenAddress");
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(storage, "storage");
            Objects.requireNonNull(logLevel, "logLevel");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(consoleLog, "consoleLog");
            Objects.requireNonNull(stopGrace, "stopGrace");
        }

        /**
         * The tests': TinyDB in {@code directory} (a stop/start keeps the resources, and {@link #dataFiles()} can be
         * scanned), debug logs, console output in {@code directory/stdout.log}, stopped at JVM exit at the latest.
         */
        public static Settings forTests(Path directory) {
            return new Settings(directory, Storage.TINYDB, "debug", "enrolgate-test-fixture",
                    directory.resolve("stdout.log"), Duration.ofSeconds(20), true);
        }

        /** The same settings, its HTTP server bound to {@code address} instead. */
        public Settings withListenAddress(String address) {
            return new Settings(directory, storage, logLevel, secret, consoleLog, stopGrace, stopOnExit, address);
        }
    }

    private final Path executable;
    private final Settings settings;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private JvmExitHook exitHook;
    private ChildProcess process;
    private boolean startedOnce;

    private AcmeCse(Path executable, Settings settings, int port) {
        this.executable = executable;
        this.settings = settings;
        this.port = port;
    }

    /** Installs ACME if needed ({@link #install()}), then starts it with {@link Settings#forTests(Path)}. */
    public static AcmeCse start(Path directory) {
        return start(install(), Settings.forTests(directory));
    }

    /** Starts {@code executable} as {@code settings} say, on a free port; waits until its CSEBase answers. */
    public static AcmeCse start(Path executable, Settings settings) {
        AcmeCse cse = new AcmeCse(executable, settings, LoopbackPorts.free());
        AcmeCseDirectory.writeConfiguration(settings, cse.port);
        if (settings.stopOnExit()) {
            cse.exitHook = JvmExitHook.register("acme-cse-stop", cse::stop);
        }
        try {
            cse.start();
            return cse;
        } catch (RuntimeException e) {
            cse.close();
            throw e;
        }
    }

    /** The acmecse executable, installed first when it is not: see {@link AcmeCseInstallation#install()}. */
    public static Path install() {
        return AcmeCseInstallation.install();
    }

    /** A finished installation's acmecse executable, never installing: {@link AcmeCseInstallation#findInstalled}. */
    public static Optional<Path> findInstalled(Map<String, String> environment) {
        return AcmeCseInstallation.findInstalled(environment);
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
        ProcessBuilder builder = ChildProcess.loggingTo(List.of(executable.toString(), "-dir",
                settings.directory().toString(), "--headless"), settings.consoleLog(), startedOnce)
                .directory(settings.directory().toFile());
        process = ChildProcess.start("the oneM2M CSE (ACME)", builder, settings.consoleLog());
        startedOnce = true;
        try {
            // Not listening yet, or still importing its resources, until the CSEBase has its resource identifier.
            process.awaitReady("answering on port " + port, () -> retrieve(CSE_BASE).path("m2m:cb").has("ri"),
                    START_TIMEOUT, Duration.ofMillis(200));
        } catch (IllegalStateException e) {
            stop();
            // Its console says little (file logging): the log files say why.
            String logs = log();
            throw new IllegalStateException(e.getMessage() + "\nits log files, the end:\n"
                    + logs.substring(Math.max(0, logs.length() - 4000)), e);
        }
    }

    /**
     * Stops the CSE as an operator would: SIGTERM, SIGKILL after the settings' grace, what it started with it.
     * With {@link Storage#TINYDB} its data stays.
     */
    public synchronized void stop() {
        if (process != null) {
            process.stop(settings.stopGrace());
            process = null;
        }
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
        return AcmeCseDirectory.log(settings);
    }

    /** The files the CSE keeps its data in (TinyDB JSON), as text; empty with {@link Storage#MEMORY}. */
    public String dataFiles() {
        return AcmeCseDirectory.dataFiles(settings);
    }

    @Override
    public void close() {
        stop();
        if (exitHook != null) {
            exitHook.cancel();
        }
    }
}
