package io.enrolgate.testfixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server for tests: a fresh cluster in a temporary directory, listening on
 * 127.0.0.1 on a free port, stopped and deleted by {@link #close()} (or at JVM exit if a test forgets).
 *
 * <p>PostgreSQL refuses to run as root, so when the tests run as root (CI, containers) every server
 * binary runs as the {@code postgres} user through {@code runuser}, in a directory that user owns; as any
 * other user the binaries run directly. The binaries are Debian's ({@code /usr/lib/postgresql/<ver>/bin},
 * the newest version installed) unless {@code ENROLGATE_PG_BIN} names another directory.
 *
 * <pre>{@code
 * try (PostgresProcess pg = PostgresProcess.start()) {
 *     String url = pg.createDatabase("registry_test");
 *     DriverManager.getConnection(url, pg.user(), pg.password());
 * }
 * }</pre>
 */
public final class PostgresProcess implements AutoCloseable {
    private static final String SERVICE_USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final PostgresBinaries binaries;
    private final Path baseDirectory;
    private final Path dataDirectory;
    private final int port;
    private final String password;
    private final Thread shutdownHook;
    private boolean stopped;

    private PostgresProcess(PostgresBinaries binaries, Path baseDirectory, int port, String password) {
        this.binaries = binaries;
        this.baseDirectory = baseDirectory;
        this.dataDirectory = baseDirectory.resolve("data");
        this.port = port;
        this.password = password;
        this.shutdownHook = new Thread(this::stopQuietly, "postgres-fixture-stop");
    }

    /**
     * Creates a cluster and starts it. Fails with a message naming the package to install when the
     * binaries are missing, and with the server's log when it does not come up.
     */
    public static PostgresProcess start() {
        PostgresBinaries binaries = PostgresBinaries.locate();
        try {
            Path base = Files.createTempDirectory("enrolgate-pg-");
            byte[] secret = new byte[12];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            if (binaries.runsAsServiceUser()) {
                binaries.giveToServiceUser(base);
            }
            PostgresProcess process = new PostgresProcess(binaries, base, LoopbackPorts.free(), password);
            process.initialise();
            process.startServer();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare a PostgreSQL cluster: " + e.getMessage(), e);
        }
    }

    private void initialise() throws IOException {
        Path passwordFile = baseDirectory.resolve("password");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        if (binaries.runsAsServiceUser()) {
            binaries.giveToServiceUser(passwordFile);
        }
        // Password authentication even on loopback, so that clients are tested with real credentials.
        binaries.run(Map.of(), "initdb", "-D", dataDirectory.toString(), "-U", SERVICE_USER,
                "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync");
        Files.delete(passwordFile);
    }

    private void startServer() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        // The socket directory is ours, so that the server never collides with a system cluster's.
        String serverOptions = "-p " + port + " -k " + baseDirectory + " -c listen_addresses=127.0.0.1"
                + " -c fsync=off -c full_page_writes=off";
        try {
            binaries.run(Map.of(), "pg_ctl", "-D", dataDirectory.toString(), "-l",
                    baseDirectory.resolve("server.log").toString(), "-o", serverOptions, "-w", "-t", "60", "start");
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\nserver log:\n" + serverLog(), e);
        }
    }

    /** Creates an empty database owned by {@link #user()} and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name '" + name
                    + "': expected lower-case letters, digits and underscores, starting with a letter");
        }
        binaries.run(Map.of("PGPASSWORD", password), "createdb", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", SERVICE_USER, name);
        return jdbcUrl(name);
    }

    /** The JDBC URL of database {@code name} on this server. */
    public String jdbcUrl(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** The JDBC URL of the {@code postgres} database, which every cluster has. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String user() {
        return SERVICE_USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** The cluster's files: tests that check what reaches the disk read them (as root or the owner). */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (fast shutdown: open sessions are cut) and deletes its files. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or will run: nothing to remove
        }
        try {
            binaries.run(Map.of(), "pg_ctl", "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", "60", "stop");
        } finally {
            try {
                FileTrees.delete(baseDirectory);
            } catch (UncheckedIOException e) {
                System.err.println("postgres fixture: could not delete " + baseDirectory + ": " + e.getCause());
            }
        }
    }

    private void stopQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("postgres fixture: could not stop the server in " + baseDirectory + ": " + e);
        }
    }

    private String serverLog() {
        try {
            List<String> lines = Files.readAllLines(baseDirectory.resolve("server.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }
}
