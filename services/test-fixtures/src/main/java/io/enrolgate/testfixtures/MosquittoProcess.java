package io.enrolgate.testfixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Mosquitto broker (MQTT v5, shared subscriptions) for tests: the installed binary, a generated
 * configuration in a temporary directory, a free port on 127.0.0.1, TCP_NODELAY on client connections (as in
 * production: {@code set_tcp_nodelay true}). Anonymous by default; with {@link MosquittoConfiguration#user}
 * clients must log in, and with {@link MosquittoConfiguration#acl} each user reaches only its topics; with
 * {@link MosquittoConfiguration#dynamicSecurity} the dynamic-security plugin (production's mechanism) holds users
 * and roles.
 *
 * <p>Persistence is on, so that {@link #stop()} then {@link #start()} (same port, same files) behaves like a
 * broker restart in production: persistent sessions and their queued QoS 1 messages survive. {@link #kill()}
 * is a crash (SIGKILL): what was not yet saved is lost. The broker runs as the invoking user (as root, the
 * configuration says {@code user root}, so that Mosquitto does not drop to a user who cannot read the
 * temporary directory). The binary is {@code /usr/sbin/mosquitto} (Debian package {@code mosquitto}) unless
 * {@code ENROLGATE_MOSQUITTO_BIN} names another. What the configuration says is {@link MosquittoConfiguration}'s.
 *
 * <pre>{@code
 * try (MosquittoProcess broker = MosquittoProcess.builder().start()) {
 *     String uri = broker.serverUri(); // tcp://127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class MosquittoProcess implements AutoCloseable {
    static final String INSTALL_HINT = "install the Debian package 'mosquitto' (apt-get install mosquitto, or"
            + " run deploy/dev/ensure-test-tools.sh), or set ENROLGATE_MOSQUITTO_BIN to the broker binary";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Path binary;
    private final Path directory;
    private final Path configFile;
    private final Path logFile;
    private final int port;
    /** The TLS listener's port, 0 for none. */
    private final int tlsPort;
    private final JvmExitHook exitHook;
    private ChildProcess process;
    private boolean closed;

    private MosquittoProcess(Path binary, Path directory, Path configFile, int port, int tlsPort) {
        this.binary = binary;
        this.directory = directory;
        this.configFile = configFile;
        this.logFile = directory.resolve("mosquitto.log");
        this.port = port;
        this.tlsPort = tlsPort;
        this.exitHook = JvmExitHook.register("mosquitto-fixture-stop", this::closeQuietly);
    }

    /** The broker's configuration, to be filled in; its {@link MosquittoConfiguration#start()} starts the broker. */
    public static MosquittoConfiguration builder() {
        return new MosquittoConfiguration();
    }

    /** An anonymous broker, started. */
    public static MosquittoProcess startAnonymous() {
        return builder().start();
    }

    /** Writes {@code configuration} into a temporary directory and starts the broker on it (free ports). */
    static MosquittoProcess start(MosquittoConfiguration configuration) {
        Path binary = Path.of(System.getenv().getOrDefault("ENROLGATE_MOSQUITTO_BIN", "/usr/sbin/mosquitto"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("the Mosquitto broker is not at " + binary + ": " + INSTALL_HINT);
        }
        MosquittoProcess broker;
        try {
            Path directory = Files.createTempDirectory("enrolgate-mosquitto-");
            int port = LoopbackPorts.free();
            int tlsPort = configuration.hasTlsListener() ? LoopbackPorts.free() : 0;
            Path configFile = configuration.write(directory, port, tlsPort);
            broker = new MosquittoProcess(binary, directory, configFile, port, tlsPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a mosquitto configuration: " + e.getMessage(), e);
        }
        try {
            broker.start();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT}, as Paho takes it. */
    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** {@code ssl://127.0.0.1:PORT} of the listener {@link MosquittoConfiguration#tlsListener} added. */
    public String tlsServerUri() {
        if (tlsPort == 0) {
            throw new IllegalStateException("this broker has no TLS listener: MosquittoConfiguration.tlsListener(...)");
        }
        return "ssl://127.0.0.1:" + tlsPort;
    }

    public synchronized boolean isRunning() {
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
            // Appended: a restart's log follows the earlier run's, as a production broker's would.
            process = ChildProcess.start("mosquitto", ChildProcess.loggingTo(command, logFile, true), logFile);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(e.getMessage() + "; " + INSTALL_HINT, e.getCause());
        }
        try {
            process.awaitReady("listening on port " + port, this::accepts, START_TIMEOUT, Duration.ofMillis(50));
        } catch (IllegalStateException e) {
            kill();
            throw e;
        }
    }

    private boolean accepts() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        }
    }

    /** Stops the broker gracefully (SIGTERM): it saves its persistence and closes client connections. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(STOP_GRACE);
            process = null;
        }
    }

    /** Kills the broker (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
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
        return new ProcessLog(logFile).text();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        exitHook.cancel();
        stop();
        try {
            FileTrees.delete(directory);
        } catch (UncheckedIOException e) {
            System.err.println("mosquitto fixture: could not delete " + directory + ": " + e.getCause());
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("mosquitto fixture: could not stop the broker in " + directory + ": " + e);
        }
    }
}
