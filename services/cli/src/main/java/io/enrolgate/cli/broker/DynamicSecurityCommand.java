package io.enrolgate.cli.broker;

import io.enrolgate.cli.UserInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code enrolgate broker dynamic-security --roles FILE --passwords DIR [--out FILE]}: the configuration of
 * Mosquitto's dynamic-security plugin (users, password hashes, roles) from the roles template and one
 * {@code USER.password} file per MQTT user, as deploy/compose/generate-secrets.sh lays them out.
 */
@Command(
        name = "dynamic-security",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write the dynamic-security plugin's JSON: the roles of --roles, a client per USER.password file of",
            "--passwords (a service user of the template, or a gateway named by its IEEE address, which also gets",
            "a role of its own), PBKDF2-SHA512 password hashes. Mount it where mosquitto.conf's",
            "plugin_opt_config_file says."
        })
public final class DynamicSecurityCommand implements Callable<Integer> {
    private static final String SUFFIX = ".password";

    @Spec
    private CommandSpec spec;

    @Option(names = "--roles", required = true, paramLabel = "FILE",
            description = "The roles template (deploy/mosquitto/dynamic-security-roles.json).")
    private Path roles;

    @Option(names = "--passwords", required = true, paramLabel = "DIR",
            description = "A directory of USER.password files, each holding that MQTT user's password.")
    private Path passwords;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write (default: standard output).")
    private Path out;

    @Override
    public Integer call() {
        DynamicSecurityFile file;
        String json;
        try {
            file = DynamicSecurityFile.fromTemplate(read(roles, "roles template"), new SecureRandom());
            json = file.render(readPasswords(passwords));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        if (out == null) {
            spec.commandLine().getOut().print(json);
            spec.commandLine().getOut().flush();
        } else {
            write(out, json);
        }
        return 0;
    }

    static Map<String, String> readPasswords(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new UserInputException("--passwords " + directory + ": not a directory (expected one holding"
                    + " USER.password files)");
        }
        Map<String, String> passwords = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).forEach(f -> {
                String name = f.getFileName().toString();
                passwords.put(name.substring(0, name.length() - SUFFIX.length()), read(f, "password file").strip());
            });
        } catch (IOException e) {
            throw new UserInputException("cannot list " + directory + ": " + e.getMessage());
        }
        if (passwords.isEmpty()) {
            throw new UserInputException("--passwords " + directory + ": no USER.password file in it");
        }
        return passwords;
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserInputException("cannot read the " + what + " " + file + ": " + e);
        }
    }

    /** Through a temporary file and a rename: the broker never reads half a file. */
    private static void write(Path file, String json) {
        try {
            Path absolute = file.toAbsolutePath();
            Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UserInputException("cannot write " + file + ": " + e);
        }
    }
}
