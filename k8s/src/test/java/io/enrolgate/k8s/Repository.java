package io.enrolgate.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checked files are: set by the pom (surefire), with fallbacks for a run from k8s/. */
final class Repository {
    private Repository() {
    }

    /** k8s/ */
    static Path k8s() {
        return directory("enrolgate.k8s.dir", ".");
    }

    /** deploy/ */
    static Path deploy() {
        return directory("enrolgate.deploy.dir", "../deploy");
    }

    private static Path directory(String property, String fallback) {
        Path path = Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(path + " (system property " + property + ") is not a directory");
        }
        return path;
    }
}
