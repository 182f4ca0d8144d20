package io.enrolgate.testfixtures;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Where the acmecse executable comes from: see {@link AcmeCse#install()} and {@link AcmeCse#findInstalled(Map)}. */
final class AcmeCseInstallation {
    private static final String INSTALLER = "install-acmecse.sh";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private AcmeCseInstallation() {
    }

    /**
     * The acmecse executable, installed first when it is not (the pinned version, into its virtual environment:
     * see {@code install-acmecse.sh}, which is safe to run concurrently).
     */
    static Path install() {
        try {
            Path script = Files.createTempFile("install-acmecse", ".sh");
            Path output = Files.createTempFile("install-acmecse", ".out");
            try {
                try (InputStream resource = AcmeCseInstallation.class.getResourceAsStream(INSTALLER)) {
                    if (resource == null) {
                        throw new IllegalStateException(INSTALLER + " is not on the class path beside "
                                + AcmeCseInstallation.class);
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
                    .map(AcmeCseInstallation::installedIn).flatMap(Optional::stream).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> installedIn(Path home) {
        Path executable = home.resolve("venv/bin/acmecse");
        return Files.exists(home.resolve("installed")) && Files.isExecutable(executable) ? Optional.of(executable)
                : Optional.empty();
    }
}
