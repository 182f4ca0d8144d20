package io.enrolgate.testfixtures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
    private static final String INSTALLER = "install-acmecse.sh";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

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
    private final Thread shutdownHook = new Thread(this::stop, "acme-cse-stop");
    private Process process;
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
        AcmeCse cse = new AcmeCse(executable, settings, freePort());
        cse.writeConfiguration();
        if (settings.stopOnExit()) {
            Runtime.getRuntime().addShutdownHook(cse.shutdownHook);
        }
        try {
            cse.start();
            return cse;
        } catch (RuntimeException e) {
            cse.close();
            throw e;
        }
    }

    /**
     * The acmecse executable, installed first when it is not (the pinned version, into its virtual environment:
     * see {@code install-acmecse.sh}, which is safe to run concurrently).
     */
    public static Path install() {
        try {
            Path script = Files.createTempFile("install-acmecse", ".sh");
            Path output = Files.createTempFile("install-acmecse", ".out");
            try {
                try (InputStream resource = AcmeCse.class.getResourceAsStream(INSTALLER)) {
                    if (resource == null) {
                        throw new IllegalStateException(INSTALLER + " is not on the class path beside " + AcmeCse.class);
                    }
                    Files.write(script, resource.readAllBytes());
                }
                Process installer = new ProcessBuilder("bash", script.toString())
                        .redirectOutput(output.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!installer.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    installer.destroyForcibly();
                    throw new IllegalStateException(INSTALLER + " did not finish within " + INSTALL_TIMEOUT);
                }
                List<String> lines = Files.readAllLines(output);
                if (installer.exitValue() != 0 || lines.isEmpty()) {
                    throw new IllegalStateException(INSTALLER + " failed (exit " + installer.exitValue()
                            + "): see its messages above");
                }
                return Path.of(lines.get(lines.size() - 1).strip());
            } finally {
                Files.deleteIfExists(script);
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + INSTALLER, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing ACME", e);
        }
    }

    /**
     * The acmecse executable of an installation that finished, never installing one: {@code ENROLGATE_ACMECSE_HOME}
     * when set, else the newest {@code acmecse-*} under {@code $XDG_CACHE_HOME/enrolgate} (default
     * {@code ~/.cache/enrolgate}); empty when there is none.
     */
    public static Optional<Path> findInstalled(Map<String, String> environment) {
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
        File console = settings.consoleLog().toFile();
        try {
            process = new ProcessBuilder(executable.toString(), "-dir", settings.directory().toString(), "--headless")
                    .directory(settings.directory().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(startedOnce ? ProcessBuilder.Redirect.appendTo(console) : ProcessBuilder.Redirect.to(console))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            startedOnce = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the oneM2M CSE (ACME) exited with " + process.exitValue()
                        + " while starting:\n" + tail(log(), 4000));
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
        throw new IllegalStateException("the oneM2M CSE (ACME) did not answer on port " + port + " within "
                + START_TIMEOUT + ":\n" + tail(log(), 4000));
    }

    /**
     * Stops the CSE gracefully (SIGTERM), as an operator would, and forcibly when it does not stop within the
     * grace period; whatever it started goes too. With {@link Storage#TINYDB} its data stays.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
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
        try (Stream<Path> files = Files.walk(settings.directory())) {
            List<Path> logs = new ArrayList<>(files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().contains(".log")).sorted().toList());
            Path console = settings.consoleLog();
            if (!console.toAbsolutePath().normalize().startsWith(settings.directory().toAbsolutePath().normalize())
                    && Files.isRegularFile(console)) {
                logs.add(console);
            }
            for (Path file : logs) {
                all.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    /** The files the CSE keeps its data in (TinyDB JSON), as text; empty with {@link Storage#MEMORY}. */
    public String dataFiles() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(settings.directory().resolve("data"))) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
            }
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    @Override
    public void close() {
        stop();
        if (settings.stopOnExit()) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private void writeConfiguration() {
        List<String> ini = new ArrayList<>(List.of(
                "; Generated by io.enrolgate.testfixtures.AcmeCse.",
                "[basic.config]",
                "cseType=IN",
                "cseID=" + CSE_ID,
                "cseName=" + CSE_BASE,
                "adminID=" + ADMIN,
                "networkInterface=" + settings.listenAddress(),
                "cseHost=127.0.0.1",
                "httpPort=" + port,
                "databaseType=" + (settings.storage() == Storage.TINYDB ? "tinydb" : "memory"),
                "logLevel=" + settings.logLevel(),
                "consoleTheme=dark",
                "secret=" + settings.secret(),
                "",
                "[cse]",
                "enableRemoteCSE=false",
                "",
                "[cse.statistics]",
                "enable=false",
                ""));
        if (settings.storage() == Storage.TINYDB) {
            ini.addAll(List.of(
                    "[database.tinydb]",
                    "; written at once, so that a stop at any moment keeps what the CSE acknowledged",
                    "writeDelay=0",
                    ""));
        }
        ini.addAll(List.of(
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
                ""));
        try {
            Files.createDirectories(settings.directory());
            Files.writeString(settings.directory().resolve("acme.ini"), String.join("\n", ini), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the CSE's directory " + settings.directory(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
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
