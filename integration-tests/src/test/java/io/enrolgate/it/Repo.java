package io.enrolgate.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout, the command-line jar and this module's build directory are. */
final class Repo {
    /** The checkout's root (failsafe sets {@code enrolgate.home}; from an IDE the module's parent directory). */
    static final Path HOME = Path.of(System.getProperty("enrolgate.home", "..")).toAbsolutePath().normalize();
    /** The jar every service and command runs from, as {@code ./enrolgate} runs it. */
    static final Path JAR = Path.of(System.getProperty("enrolgate.jar",
            HOME.resolve("services/cli/target/enrolgate.jar").toString())).toAbsolutePath().normalize();
    /** This module's build directory: firmware build, logs of the last run, the measurement's report. */
    static final Path TARGET = HOME.resolve("integration-tests/target");

    private Repo() {
    }

    /** The jar, or a failure that says how to make it. */
    static Path jar() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " does not exist: build it first (./mvnw -pl services/cli -am package"
                    + " -DskipTests), or run this module inside the reactor (./mvnw verify), which builds services/cli first");
        }
        return JAR;
    }
}
