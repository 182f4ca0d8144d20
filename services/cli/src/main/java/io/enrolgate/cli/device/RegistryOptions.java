package io.enrolgate.cli.device;

import io.enrolgate.cli.ExitStatus;
import io.enrolgate.cli.UserInputException;
import io.enrolgate.common.crypto.AtRestCipherException;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.storage.DatabaseException;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the registry is and the key that opens its secrets, shared by every {@code device} subcommand.
 *
 * <p>By default the registry is the embedded H2 file {@code ./.enrolgate/registry}; its key-encryption key
 * is then {@code ./.enrolgate/kek}, generated (mode 0600) on first use. Any other database needs its key
 * given explicitly ({@code --kek-file} or {@code ENROLGATE_KEK}): generating one there would seal new
 * install codes under a key the services do not have.
 */
public final class RegistryOptions {
    static final String KEK_VARIABLE = "ENROLGATE_KEK";
    static final String URL_VARIABLE = "ENROLGATE_DB_URL";
    static final String PASSWORD_VARIABLE = "ENROLGATE_DB_PASSWORD";

    @Option(names = "--db-url", paramLabel = "JDBC-URL", defaultValue = "${env:ENROLGATE_DB_URL}",
            description = "The registry database: jdbc:h2:file:PATH or jdbc:postgresql://HOST:PORT/DB "
                    + "(default: $ENROLGATE_DB_URL, else the embedded file under --state-dir).")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:ENROLGATE_DB_USER}",
            description = "Database user (default: $ENROLGATE_DB_USER). The password comes from $"
                    + PASSWORD_VARIABLE + " or --db-password-file, never from the command line.")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "A file holding the database password.")
    Path dbPasswordFile;

    @Option(names = "--kek-file", paramLabel = "FILE",
            description = "The key-encryption key (hex or base64, 128 or 256 bits) that seals install codes at rest "
                    + "(default: $" + KEK_VARIABLE + ", else --state-dir/kek for the embedded registry).")
    Path kekFile;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".enrolgate",
            description = "Where the embedded registry and its generated key live (default: ${DEFAULT-VALUE}).")
    Path stateDirectory;

    /** Opens the registry (migrating it if needed); every problem is a one-line error with exit status 2. */
    RegistryStore open(PrintWriter err) {
        return open(err, System.getenv());
    }

    RegistryStore open(PrintWriter err, Map<String, String> environment) {
        boolean embedded = dbUrl == null || dbUrl.isBlank();
        DatabaseConfig config;
        try {
            config = embedded ? DatabaseConfig.h2File(stateDirectory.resolve("registry"))
                    : DatabaseConfig.of(dbUrl, dbUser, password(environment));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        KeyEncryptionKey kek = keyEncryptionKey(err, environment, embedded);
        try {
            return new RegistryStoreBuilder().database(config).keyEncryptionKey(kek).build();
        } catch (DatabaseException e) {
            throw new UserInputException(e.getMessage());
        } catch (AtRestCipherException e) {
            throw new UserInputException("the key-encryption key does not open this registry's install codes: "
                    + e.getMessage(), ExitStatus.CHECK_FAILED);
        }
    }

    private String password(Map<String, String> environment) {
        if (dbPasswordFile == null) {
            return environment.getOrDefault(PASSWORD_VARIABLE, "");
        }
        try {
            return Files.readString(dbPasswordFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UserInputException("cannot read the database password file " + dbPasswordFile + ": " + e);
        }
    }

    private KeyEncryptionKey keyEncryptionKey(PrintWriter err, Map<String, String> environment, boolean embedded) {
        try {
            if (kekFile != null) {
                return KeyEncryptionKey.fromFile(kekFile);
            }
            if (environment.containsKey(KEK_VARIABLE)) {
                return KeyEncryptionKey.fromEnvironment(KEK_VARIABLE, environment);
            }
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        if (!embedded) {
            throw new UserInputException("the registry at " + dbUrl + " needs its key-encryption key: give"
                    + " --kek-file FILE or set " + KEK_VARIABLE);
        }
        return embeddedKey(err);
    }

    /** The embedded registry's own key: loaded, or generated with the registry on first use. */
    private KeyEncryptionKey embeddedKey(PrintWriter err) {
        Path file = stateDirectory.resolve("kek");
        if (Files.exists(file)) {
            try {
                return KeyEncryptionKey.fromFile(file);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage());
            }
        }
        if (Files.exists(stateDirectory.resolve("registry.mv.db"))) {
            throw new UserInputException(file + " is missing but the registry " + stateDirectory.resolve("registry")
                    + " exists: restore the key it was created with (a new key cannot read its install codes),"
                    + " or give --kek-file");
        }
        try {
            Files.createDirectories(stateDirectory);
            KeyEncryptionKey generated = KeyEncryptionKey.generate(new SecureRandom());
            generated.writeNewFile(file);
            err.println("enrolgate: generated a new key-encryption key in " + file + " (mode 0600, "
                    + generated + "); keep it with the registry: its install codes cannot be read without it");
            err.flush();
            return generated;
        } catch (IOException e) {
            throw new UserInputException("cannot create the key-encryption key " + file + ": " + e.getMessage());
        }
    }
}
