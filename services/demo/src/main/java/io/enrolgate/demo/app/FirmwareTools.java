package io.enrolgate.demo.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The firmware's POSIX simulators, built on first use from {@code firmware/} with CMake and Ninja into the
 * demo's cache ({@code .enrolgate/firmware-build}), incrementally afterwards. Their system packages are checked
 * first: installed with apt-get when running as root on Debian, otherwise named exactly (exit status 2).
 */
public final class FirmwareTools {
    /** A Debian package, and what shows that it is installed: an executable on the PATH or a file. */
    record Requirement(String debianPackage, List<String> executables, String file) {
        boolean present() {
            if (file != null) {
                return Files.exists(Path.of(file));
            }
            return executables.stream().anyMatch(name -> onPath(name) != null);
        }
    }

    /** What building the simulators needs (the firmware's CMakeLists also wants cmocka and Python at configure time). */
    static final List<Requirement> REQUIREMENTS = List.of(
            new Requirement("gcc", List.of("gcc", "cc"), null),
            new Requirement("cmake", List.of("cmake"), null),
            new Requirement("ninja-build", List.of("ninja"), null),
            new Requirement("nanopb", List.of("nanopb_generator", "nanopb_generator.py"), null),
            new Requirement("libnanopb-dev", List.of(), "/usr/include/pb.h"),
            new Requirement("libssl-dev", List.of(), "/usr/include/openssl/aes.h"),
            new Requirement("libcmocka-dev", List.of(), "/usr/include/cmocka.h"),
            new Requirement("python3", List.of("python3"), null));

    private static final List<String> TARGETS = List.of("eg-gateway-sim", "eg-device-sim", "zep-capture");
    private static final long BUILD_MINUTES = 15;

    /** The built simulators. */
    public record Binaries(Path gatewaySim, Path deviceSim, Path zepCapture) {
    }

    private FirmwareTools() {
    }

    /** Debian packages among {@link #REQUIREMENTS} that are missing. */
    static List<String> missingPackages() {
        return REQUIREMENTS.stream().filter(r -> !r.present()).map(Requirement::debianPackage).toList();
    }

    /**
     * Makes sure the system packages are there, then builds (or brings up to date) the simulators.
     *
     * @param firmware the firmware source directory (with its CMakeLists.txt)
     * @param buildDirectory the CMake build directory, kept between runs
     * @param logs where the build's output goes
     * @throws DemoSetupException when packages are missing and cannot be installed here, or the build fails
     */
    public static Binaries ensureBuilt(Path firmwareSources, Path build, Path logDirectory, PrintWriter out) {
        Path firmware = firmwareSources.toAbsolutePath().normalize();
        Path buildDirectory = build.toAbsolutePath().normalize();
        Path logs = logDirectory.toAbsolutePath().normalize();
        if (!Files.isRegularFile(firmware.resolve("CMakeLists.txt"))) {
            throw new DemoSetupException("the firmware sources are not at " + firmware + " (no CMakeLists.txt)");
        }
        ensurePackages(logs, out);
        try {
            Files.createDirectories(buildDirectory);
            Files.createDirectories(logs);
            try (FileChannel channel = new RandomAccessFile(buildDirectory.resolve(".lock").toFile(), "rw").getChannel();
                    FileLock lock = channel.lock()) {
                Path log = logs.resolve("firmware-build.log");
                Files.deleteIfExists(log);
                if (!Files.exists(buildDirectory.resolve("CMakeCache.txt"))) {
                    out.println("Building the gateway and device simulators from " + firmware + " (first use; the"
                            + " next runs reuse " + buildDirectory + ")...");
                    out.flush();
                    run(List.of("cmake", "-S", firmware.toString(), "-B", buildDirectory.toString(), "-G", "Ninja",
                            "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DEG_SANITIZE=OFF"), log, buildDirectory);
                }
                List<String> command = new ArrayList<>(List.of("cmake", "--build", buildDirectory.toString(), "--target"));
                command.addAll(TARGETS);
                run(command, log, buildDirectory);
            }
        } catch (IOException e) {
            throw new DemoSetupException("cannot build the firmware simulators in " + buildDirectory + ": "
                    + e.getMessage(), e);
        }
        Binaries binaries = new Binaries(buildDirectory.resolve("posix/gateway/eg-gateway-sim"),
                buildDirectory.resolve("posix/device/eg-device-sim"), buildDirectory.resolve("posix/medium/zep-capture"));
        for (Path binary : List.of(binaries.gatewaySim(), binaries.deviceSim(), binaries.zepCapture())) {
            if (!Files.isExecutable(binary)) {
                throw new DemoSetupException("the firmware build did not produce " + binary);
            }
        }
        return binaries;
    }

    private static void ensurePackages(Path logs, PrintWriter out) {
        List<String> missing = missingPackages();
        if (missing.isEmpty()) {
            return;
        }
        String install = "apt-get install " + String.join(" ", missing);
        if (!isRoot() || onPath("apt-get") == null) {
            throw new DemoSetupException("the demo builds the gateway firmware's simulators, which needs these Debian"
                    + " packages, not installed here:\n    sudo " + install + "\n  then run the demo again.");
        }
        out.println("Installing the packages the firmware simulators need: " + String.join(" ", missing) + " (apt-get,"
                + " as root)...");
        out.flush();
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve("apt-get.log");
            Files.deleteIfExists(log);
            run(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "update", "-qq"), log, null);
            List<String> command = new ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y",
                    "-qq", "--no-install-recommends"));
            command.addAll(missing);
            run(command, log, null);
        } catch (IOException | DemoSetupException e) {
            throw new DemoSetupException("installing the packages failed (" + e.getMessage() + "); install them"
                    + " yourself:\n    " + install, e);
        }
        List<String> still = missingPackages();
        if (!still.isEmpty()) {
            throw new DemoSetupException("apt-get ran but these packages are still missing: " + String.join(" ", still));
        }
    }

    private static void run(List<String> command, Path log, Path directory) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Map<String, String> environment = builder.environment();
        environment.put("DEBIAN_FRONTEND", "noninteractive");
        Process process = builder.start();
        try {
            if (!process.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new DemoSetupException(String.join(" ", command) + " did not finish within " + BUILD_MINUTES
                        + " minutes; its output is in " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DemoSetupException("interrupted while running " + command.get(0));
        }
        if (process.exitValue() != 0) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            throw new DemoSetupException(String.join(" ", command) + " failed (exit status " + process.exitValue()
                    + "); its output is in " + log + ":\n" + text.substring(Math.max(0, text.length() - 3000)));
        }
    }

    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String directory : path.split(java.io.File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
