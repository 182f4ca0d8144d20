package io.enrolgate.serialbridge.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway firmware's POSIX simulators ({@code eg-gateway-sim}, {@code eg-device-sim}), built for these
 * tests from {@code firmware/} (system property {@code enrolgate.firmware.dir}) into this module's
 * {@code target/firmware-host} with CMake and Ninja (Debian packages listed in deploy/dev/ensure-test-tools.sh).
 * A private build directory, so that the firmware's own build can run at the same time. Built once per JVM;
 * incremental afterwards.
 */
public final class FirmwareSimulators {
    private static final Path FIRMWARE = Path.of(System.getProperty("enrolgate.firmware.dir", "../../firmware"))
            .toAbsolutePath().normalize();
    private static final Path BUILD = Path.of("target", "firmware-host").toAbsolutePath();
    private static Path built;

    private FirmwareSimulators() {
    }

    public static synchronized Path gatewaySim() {
        return build().resolve("posix/gateway/eg-gateway-sim");
    }

    public static synchronized Path deviceSim() {
        return build().resolve("posix/device/eg-device-sim");
    }

    /** A UDP port free on the medium's broadcast address, so that parallel runs never share a radio medium. */
    public static int freeMediumPort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.255.255.255"), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free UDP port on 127.255.255.255: " + e.getMessage(), e);
        }
    }

    private static Path build() {
        if (built != null) {
            return built;
        }
        try {
            Files.createDirectories(BUILD);
            if (!Files.exists(BUILD.resolve("CMakeCache.txt"))) {
                run(List.of("cmake", "-S", FIRMWARE.toString(), "-B", BUILD.toString(), "-G", "Ninja",
                        "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DEG_SANITIZE=OFF"));
            }
            run(List.of("cmake", "--build", BUILD.toString(), "--target", "eg-gateway-sim", "eg-device-sim"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the firmware simulators: " + e.getMessage(), e);
        }
        built = BUILD;
        return built;
    }

    private static void run(List<String> command) throws IOException {
        Path log = BUILD.resolve("build.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                String text = Files.readString(log);
                throw new IllegalStateException(String.join(" ", command) + " failed:\n"
                        + text.substring(Math.max(0, text.length() - 4000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the firmware simulators", e);
        }
    }
}
