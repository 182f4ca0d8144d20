package io.enrolgate.it;

import io.enrolgate.testfixtures.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The temporary directory of one run of the {@link DistributedSystem}: {@code secrets/} (mode 0700, its files
 * 0600: key-encryption keys, PSKs, provisioning's HPKE private key, the devices' install codes) and {@code config/}
 * (a properties file per service, as deploy/compose has them). Unlike the logs it does not outlive the run:
 * {@link #delete()} removes it, so no secret stays behind on the machine.
 */
final class RunDirectory {
    private final Path root;
    private final Path secrets;
    private final Path config;

    private RunDirectory(Path root) throws IOException {
        this.root = root;
        secrets = Files.createDirectories(root.resolve("secrets"));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
        config = Files.createDirectories(root.resolve("config"));
    }

    static RunDirectory create(String prefix) throws IOException {
        return new RunDirectory(Files.createTempDirectory(prefix));
    }

    /** {@code name} in the run directory, for a part that keeps its own state there (the CSE). */
    Path resolve(String name) {
        return root.resolve(name);
    }

    /** Where the secret {@code name} is (or will be written) in the secrets directory. */
    Path secretFile(String name) {
        return secrets.resolve(name);
    }

    /** Writes {@code text} as the secret file {@code name} (mode 0600). */
    Path secret(String name, String text) throws IOException {
        Path file = secrets.resolve(name);
        Files.writeString(file, text + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Writes the properties file of the service {@code name}, keys sorted (secrets are files or ENROLGATE_* variables). */
    Path properties(String name, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder("# integration test: " + name + " (secrets are files or ENROLGATE_*"
                + " variables)\n");
        values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> text.append(e.getKey()).append(" = ").append(e.getValue()).append('\n'));
        Path file = config.resolve(name + ".properties");
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        return file;
    }

    void delete() {
        FileTrees.delete(root);
    }
}
