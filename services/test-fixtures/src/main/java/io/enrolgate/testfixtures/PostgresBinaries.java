package io.enrolgate.testfixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Finds the installed PostgreSQL server binaries and runs them as the right user. */
final class PostgresBinaries {
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final String INSTALL_HINT = "install the Debian package 'postgresql' (apt-get install postgresql,"
            + " or run deploy/dev/ensure-test-tools.sh), or set ENROLGATE_PG_BIN to a directory holding"
            + " initdb, pg_ctl and createdb";
    private static final long TIMEOUT_SECONDS = 120;

    private final Path binDirectory;
    private final boolean runsAsServiceUser;

    private PostgresBinaries(Path binDirectory, boolean runsAsServiceUser) {
        this.binDirectory = binDirectory;
        this.runsAsServiceUser = runsAsServiceUser;
    }

    static PostgresBinaries locate() {
        return locate(Optional.ofNullable(System.getenv("ENROLGATE_PG_BIN")).map(Path::of));
    }

    static PostgresBinaries locate(Optional<Path> override) {
        Path bin = override.orElseGet(PostgresBinaries::newestDebianBinDirectory);
        for (String tool : List.of("initdb", "pg_ctl", "postgres", "createdb")) {
            if (!Files.isExecutable(bin.resolve(tool))) {
                throw new IllegalStateException("PostgreSQL's '" + tool + "' is not in " + bin + ": " + INSTALL_HINT);
            }
        }
        return new PostgresBinaries(bin, isRoot());
    }

    /** The bin directory of the highest PostgreSQL major version installed the Debian way. */
    private static Path newestDebianBinDirectory() {
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            throw new IllegalStateException("PostgreSQL server binaries not found (no " + DEBIAN_ROOT + "): "
                    + INSTALL_HINT);
        }
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            return versions
                    .filter(dir -> dir.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .filter(dir -> Files.isExecutable(dir.resolve("bin/initdb")))
                    .max(Comparator.comparingDouble(dir -> Double.parseDouble(dir.getFileName().toString())))
                    .map(dir -> dir.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + DEBIAN_ROOT
                            + " (only client packages?): " + INSTALL_HINT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DEBIAN_ROOT, e);
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    boolean runsAsServiceUser() {
        return runsAsServiceUser;
    }

    /** Hands a file or directory to the postgres user, which must exist (the package creates it). */
    void giveToServiceUser(Path path) throws IOException {
        UserPrincipal owner;
        try {
            owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("running as root, but there is no 'postgres' user to run the server as: "
                    + INSTALL_HINT, e);
        }
        Files.setOwner(path, owner);
    }

    /** Runs one tool to completion; a non-zero exit is an exception carrying the tool's output. */
    void run(Map<String, String> environment, String tool, String... arguments) {
        List<String> command = new ArrayList<>();
        if (runsAsServiceUser) {
            // runuser keeps the environment (no login shell), so PGPASSWORD and friends pass through.
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(binDirectory.resolve(tool).toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("LC_ALL", "C");
        try {
            Path output = Files.createTempFile("enrolgate-pg-" + tool, ".log");
            try {
                Process process = builder.redirectOutput(output.toFile()).start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(tool + " did not finish within " + TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed with status "
                            + process.exitValue() + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + tool, e);
        }
    }
}
