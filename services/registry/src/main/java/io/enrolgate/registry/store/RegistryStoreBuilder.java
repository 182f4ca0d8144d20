package io.enrolgate.registry.store;

import io.enrolgate.common.crypto.AtRestCipher;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.storage.Database;
import io.enrolgate.common.storage.DatabaseConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Assembles a {@link RegistryStore}: which database, and the key-encryption key for the secrets.
 *
 * <pre>{@code
 * RegistryStore store = new RegistryStoreBuilder()
 *         .database(DatabaseConfig.of("jdbc:postgresql://db:5432/registry", "registry", password))
 *         .keyEncryptionKey(KeyEncryptionKey.fromFile(Path.of("/run/secrets/kek")))
 *         .build();
 * }</pre>
 * Without {@link #database}, the store is the embedded H2 file {@link #DEFAULT_H2_FILE}. Building opens
 * the database and applies the schema migrations (blocking).
 */
public final class RegistryStoreBuilder {
    /** The classpath folder of the registry's Flyway migrations. */
    public static final String MIGRATIONS = "db/registry";
    /** Where the one-process mode keeps its registry, relative to the working directory. */
    public static final Path DEFAULT_H2_FILE = Path.of(".enrolgate", "registry");

    private DatabaseConfig config;
    private Database database;
    private KeyEncryptionKey keyEncryptionKey;
    private Clock clock = Clock.systemUTC();

    /** The database to open (and close with the store). */
    public RegistryStoreBuilder database(DatabaseConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.database = null;
        return this;
    }

    /**
     * A database already open and migrated with {@link #MIGRATIONS}, which the caller keeps and closes
     * (e.g. one pool shared by several stores of the one-process mode).
     */
    public RegistryStoreBuilder database(Database openDatabase) {
        this.database = Objects.requireNonNull(openDatabase, "openDatabase");
        this.config = null;
        return this;
    }

    public RegistryStoreBuilder keyEncryptionKey(KeyEncryptionKey key) {
        this.keyEncryptionKey = Objects.requireNonNull(key, "key");
        return this;
    }

    /** The clock of the created/updated times (tests pass a fixed one). */
    public RegistryStoreBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Opens the store and checks the key-encryption key against a stored secret.
     *
     * @throws io.enrolgate.common.crypto.AtRestCipherException when the key is not the one the registry's
     *     secrets were sealed with (the message names both key ids)
     */
    public RegistryStore build() {
        if (keyEncryptionKey == null) {
            throw new IllegalStateException("the registry needs a key-encryption key to store install codes");
        }
        AtRestCipher cipher = new AtRestCipher(keyEncryptionKey);
        JdbcRegistryStore store;
        if (database != null) {
            store = new JdbcRegistryStore(database, false, cipher, clock);
        } else {
            DatabaseConfig chosen = config != null ? config : DatabaseConfig.h2File(DEFAULT_H2_FILE);
            store = new JdbcRegistryStore(Database.open(chosen, MIGRATIONS), true, cipher, clock);
        }
        try {
            store.checkKeyEncryptionKey();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }
}
