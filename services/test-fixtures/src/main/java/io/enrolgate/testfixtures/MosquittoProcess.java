package io.enrolgate.testfixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker (MQTT v5, shared subscriptions) for tests: the installed binary, a generated
 * configuration in a temporary directory, a free port on 127.0.0.1, TCP_NODELAY on client connections (as in
 * production: {@code set_tcp_nodelay true}). Anonymous by default; with
 * {@link Builder#user} clients must log in, and with {@link Builder#acl} each user reaches only its topics; with
 * {@link Builder#dynamicSecurity} the dynamic-security plugin (production's mechanism) holds users and roles.
 *
 * <p>Persistence is on, so that {@link #stop()} then {@link #start()} (same port, same files) behaves like a
 * broker restart in production: persistent sessions and their queued QoS 1 messages survive. {@link #kill()}
 * is a crash (SIGKILL): what was not yet saved is lost. The broker runs as the invoking user (as root, the
 * configuration says {@code user root}, so that Mosquitto does not drop to a user who cannot read the
 * temporary directory). The binary is {@code /usr/sbin/mosquitto} (Debian package {@code mosquitto}) unless
 * {@code ENROLGATE_MOSQUITTO_BIN} names another.
 *
 * <pre>{@code
 * try (MosquittoProcess broker = MosquittoProcess.builder().start()) {
 *     String uri = broker.serverUri(); // tcp://127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class MosquittoProcess implements AutoCloseable {
    private static final String INSTALL_HINT = "install the Debian package 'mosquitto' (apt-get install mosquitto, or"
            + " run deploy/dev/ensure-test-tools.sh), or set ENROLGATE_MOSQUITTO_BIN to the broker binary";
    private static final long START_TIMEOUT_MILLIS = 15_000;

    private final Path binary;
    private final Path directory;
    private final Path configFile;
    private final Path logFile;
    private final int port;
    /** The TLS listener's port, 0 for none. */
    private final int tlsPort;
    private final Thread shutdownHook;
    private Process process;
    private boolean closed;

    private MosquittoProcess(Path binary, Path directory, int port, int tlsPort) {
        this.binary = binary;
        this.directory = directory;
        this.configFile = directory.resolve("mosquitto.conf");
        // The broker logs to stderr, which is unbuffered; its file log is flushed only at exit.
        this.logFile = directory.resolve("mosquitto.log");
        this.port = port;
        this.tlsPort = tlsPort;
        this.shutdownHook = new Thread(this::closeQuietly, "mosquitto-fixture-stop");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An anonymous broker, started. */
    public static MosquittoProcess startAnonymous() {
        return builder().start();
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT}, as Paho takes it. */
    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** {@code ssl://127.0.0.1:PORT} of the listener {@link Builder#tlsListener} added. */
    public String tlsServerUri() {
        if (tlsPort == 0) {
            throw new IllegalStateException("this broker has no TLS listener: Builder.tlsListener(...)");
        }
        return "ssl://127.0.0.1:" + tlsPort;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the broker (again) on the same port with the same configuration and persistence. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this broker was closed");
        }
        if (isRunning()) {
            return;
        }
        List<String> command = List.of(binary.toString(), "-c", configFile.toString());
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary + ": " + e.getMessage() + "; " + INSTALL_HINT, e);
        }
        awaitListening();
    }

    /** Stops the broker gracefully (SIGTERM): it saves its persistence and closes client connections. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the broker (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops and restarts on the same port. */
    public void restart() {
        stop();
        start();
    }

    /** The generated mosquitto.conf, as the broker reads it. */
    public String configuration() {
        try {
            return Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
    }

    /** The broker's log so far (connections, subscriptions, errors): for assertions and failure messages. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or will run
        }
        stop();
        deleteRecursively(directory);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("mosquitto fixture: could not stop the broker in " + directory + ": " + e);
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with status " + process.exitValue()
                        + " on start:\n" + tail(log()));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        kill();
        throw new IllegalStateException("mosquitto did not listen on port " + port + " within "
                + START_TIMEOUT_MILLIS + " ms:\n" + tail(log()));
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 30), lines.length));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for mosquitto", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            List<Path> all = new ArrayList<>(paths.toList());
            Collections.reverse(all);
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("mosquitto fixture: could not delete " + root + ": " + e);
        }
    }

    /** What the generated configuration says; {@link #start()} writes it and starts the broker. */
    public static final class Builder {
        private final Map<String, String> users = new LinkedHashMap<>();
        private String acl;
        private String dynamicSecurity;
        private Path tlsCertificate;
        private Path tlsKey;
        private Path clientCaFile;
        private boolean verbose;
        private final List<String> extraLines = new ArrayList<>();

        /** Requires clients to log in; call once per user. Anonymous clients are then refused. */
        public Builder user(String name, String password) {
            if (name.contains(":") || name.isBlank()) {
                throw new IllegalArgumentException("mosquitto user name '" + name + "' must be non-blank without ':'");
            }
            users.put(name, password);
            return this;
        }

        /**
         * The ACL file's text (Mosquitto syntax: {@code user NAME} then {@code topic read|write|readwrite FILTER}
         * lines; {@code pattern} lines with {@code %u}/{@code %c}).
         */
        public Builder acl(String text) {
            acl = text;
            return this;
        }

        /**
         * Users, password hashes and roles from the dynamic-security plugin's JSON (as {@code enrolgate broker
         * dynamic-security} writes it) instead of {@link #user} and {@link #acl}: the plugin also checks
         * SUBSCRIBE, which the acl_file does not. The plugin is {@code mosquitto_dynamic_security.so} of the
         * Debian package unless {@code ENROLGATE_MOSQUITTO_DYNSEC} names it.
         */
        public Builder dynamicSecurity(String json) {
            dynamicSecurity = json;
            return this;
        }

        /**
         * A second listener, TLS 1.2+ on 127.0.0.1 and a port of its own ({@link MosquittoProcess#tlsServerUri()}),
         * with the broker's PEM certificate (its subject alternative names must hold IP 127.0.0.1) and key.
         */
        public Builder tlsListener(Path certificateFile, Path keyFile) {
            tlsCertificate = certificateFile;
            tlsKey = keyFile;
            return this;
        }

        /**
         * On the TLS listener, clients must present a certificate signed by a CA of this PEM file, and their user
         * name is its subject's CN ({@code require_certificate true}, {@code use_identity_as_username true}).
         */
        public Builder requireClientCertificates(Path caFile) {
            clientCaFile = caFile;
            return this;
        }

        /** Logs every packet (log_type all): for debugging a test, and for tests that read the broker log. */
        public Builder verbose() {
            verbose = true;
            return this;
        }

        /** A raw configuration line, for options this builder does not name. */
        public Builder configLine(String line) {
            extraLines.add(line);
            return this;
        }

        public MosquittoProcess start() {
            Path binary = Path.of(System.getenv().getOrDefault("ENROLGATE_MOSQUITTO_BIN", "/usr/sbin/mosquitto"));
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException("the Mosquitto broker is not at " + binary + ": " + INSTALL_HINT);
            }
            if (clientCaFile != null && tlsCertificate == null) {
                throw new IllegalStateException("requireClientCertificates(...) needs tlsListener(...)");
            }
            if (dynamicSecurity != null && (!users.isEmpty() || acl != null)) {
                throw new IllegalStateException("dynamicSecurity(...) holds the users and roles: do not also call"
                        + " user(...) or acl(...)");
            }
            try {
                Path directory = Files.createTempDirectory("enrolgate-mosquitto-");
                MosquittoProcess broker = new MosquittoProcess(binary, directory, freePort(),
                        tlsCertificate == null ? 0 : freePort());
                writeConfig(broker);
                Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
                try {
                    broker.start();
                } catch (RuntimeException e) {
                    broker.close();
                    throw e;
                }
                return broker;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare a mosquitto configuration: " + e.getMessage(), e);
            }
        }

        private void writeConfig(MosquittoProcess broker) throws IOException {
            Path directory = broker.directory;
            List<String> lines = new ArrayList<>();
            if (isRoot()) {
                lines.add("user root");
            }
            // As deploy/mosquitto/mosquitto.conf: no Nagle delay on small request/response packets (a global option).
            lines.add("set_tcp_nodelay true");
            lines.add("listener " + broker.port + " 127.0.0.1");
            lines.add("persistence true");
            lines.add("persistence_location " + directory + "/");
            lines.add("log_dest stderr");
            // One type per line: Mosquitto reads only the first word of a log_type line.
            (verbose ? List.of("all") : List.of("error", "warning", "notice", "information"))
                    .forEach(type -> lines.add("log_type " + type));
            lines.add("connection_messages true");
            lines.add("log_timestamp_format %Y-%m-%dT%H:%M:%S");
            // Load tests queue thousands of QoS 1 messages for a session that is briefly away.
            lines.add("max_queued_messages 100000");
            if (dynamicSecurity != null) {
                Path file = directory.resolve("dynamic-security.json");
                Files.writeString(file, dynamicSecurity, StandardCharsets.UTF_8);
                lines.add("allow_anonymous false");
                lines.add("plugin " + dynamicSecurityPlugin());
                lines.add("plugin_opt_config_file " + file);
            } else if (users.isEmpty()) {
                lines.add("allow_anonymous true");
            } else {
                lines.add("allow_anonymous false");
                lines.add("password_file " + writePasswordFile(directory));
            }
            if (acl != null) {
                Path aclFile = directory.resolve("acl");
                Files.writeString(aclFile, acl.endsWith("\n") ? acl : acl + "\n", StandardCharsets.UTF_8);
                lines.add("acl_file " + aclFile);
            }
            if (tlsCertificate != null) {
                // A listener's options follow its listener line; the global ones above apply to it as well.
                lines.add("listener " + broker.tlsPort + " 127.0.0.1");
                lines.add("certfile " + tlsCertificate);
                lines.add("keyfile " + tlsKey);
                lines.add("tls_version tlsv1.2");
                if (clientCaFile != null) {
                    lines.add("cafile " + clientCaFile);
                    lines.add("require_certificate true");
                    lines.add("use_identity_as_username true");
                }
            }
            lines.addAll(extraLines);
            Files.write(broker.configFile, lines, StandardCharsets.UTF_8);
        }

        private static Path dynamicSecurityPlugin() {
            String named = System.getenv("ENROLGATE_MOSQUITTO_DYNSEC");
            List<Path> candidates = named != null ? List.of(Path.of(named)) : List.of(
                    Path.of("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so"),
                    Path.of("/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so"),
                    Path.of("/usr/lib/mosquitto_dynamic_security.so"));
            return candidates.stream().filter(Files::isReadable).findFirst().orElseThrow(() -> new IllegalStateException(
                    "Mosquitto's dynamic-security plugin is not at " + candidates + ": " + INSTALL_HINT
                            + " (or set ENROLGATE_MOSQUITTO_DYNSEC to mosquitto_dynamic_security.so)"));
        }

        /** Hashes the passwords with the broker's own mosquitto_passwd, next to the broker binary's package. */
        private Path writePasswordFile(Path directory) throws IOException {
            Path file = directory.resolve("passwords");
            Files.writeString(file, "", StandardCharsets.UTF_8);
            Path tool = Path.of(System.getenv().getOrDefault("ENROLGATE_MOSQUITTO_PASSWD", "/usr/bin/mosquitto_passwd"));
            for (Map.Entry<String, String> user : users.entrySet()) {
                Process passwd = new ProcessBuilder(tool.toString(), "-b", file.toString(), user.getKey(), user.getValue())
                        .redirectErrorStream(true).start();
                try {
                    String output = new String(passwd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (!passwd.waitFor(30, TimeUnit.SECONDS) || passwd.exitValue() != 0) {
                        throw new IllegalStateException("mosquitto_passwd failed for user " + user.getKey() + ": " + output);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while hashing mosquitto passwords", e);
                }
            }
            return file;
        }
    }
}
