package io.enrolgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * The images {@link ContainerisedEnrolmentIT} runs, built from deploy/images with the project's own scripts, and
 * whether they can run here at all: where they cannot (no Docker daemon, no base image and no way to build it) the
 * test is reported as not run, with the reason, rather than passing.
 */
final class ContainerImages {
    /** The tag the services' images are built with for the test. */
    static final String TAG = "it";
    static final String BASE_IMAGE = System.getProperty("enrolgate.it.base-image", "enrolgate/base:bookworm");

    private ContainerImages() {
    }

    /** A JUnit assumption whose reason is also printed, so that the build log says why the test did not run. */
    static void notRunUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("[it-containers] " + reason);
        }
        assumeTrue(condition, reason);
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * The images, built from deploy/images with the project's scripts: the base image from Debian packages (root and
     * debootstrap needed) when it is missing, then every service image tagged {@value #TAG}.
     */
    static void ensureImages() throws Exception {
        if (runs(List.of("docker", "image", "inspect", BASE_IMAGE)) != 0) {
            boolean canBuild = "root".equals(System.getProperty("user.name"))
                    && Files.isExecutable(Path.of("/usr/sbin/debootstrap"));
            notRunUnless(canBuild, "NOT RUN: the base image " + BASE_IMAGE + " is missing and cannot be built here (needs"
                    + " root and debootstrap: sudo deploy/images/build-base-image.sh)");
            assertThat(runs(List.of("bash", Repo.HOME.resolve("deploy/images/build-base-image.sh").toString(), "--tag",
                    BASE_IMAGE))).as("deploy/images/build-base-image.sh").isZero();
        }
        List<String> build = new ArrayList<>(List.of("bash", Repo.HOME.resolve("deploy/images/build-images.sh").toString(),
                "--base", BASE_IMAGE, "--tag", TAG));
        for (String image : List.of("postgresql", "mosquitto", "mef", "key-forge", "provisioning")) {
            build.addAll(List.of("--only", image));
        }
        assertThat(runs(build)).as("deploy/images/build-images.sh").isZero();
    }

    private static int runs(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
