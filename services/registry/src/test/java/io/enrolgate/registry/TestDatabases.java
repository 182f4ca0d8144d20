package io.enrolgate.registry;

import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.storage.DatabaseKind;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import io.enrolgate.testfixtures.PostgresProcess;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh registry databases for tests, of either kind: an H2 file in a temporary directory, or a new
 * database on one real PostgreSQL server shared by the test JVM (started on first use, stopped at exit).
 */
public final class TestDatabases {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static PostgresProcess postgres;

    private TestDatabases() {
    }

    public static synchronized PostgresProcess postgres() {
        if (postgres == null) {
            postgres = PostgresProcess.start(); // its shutdown hook stops it when the test JVM exits
        }
        return postgres;
    }

    /** A new, empty database of {@code kind}; an H2 file goes in {@code directory}. */
    public static DatabaseConfig fresh(DatabaseKind kind, Path directory) {
        int n = COUNT.incrementAndGet();
        return switch (kind) {
            case H2 -> DatabaseConfig.h2File(directory.resolve("registry-" + n));
            case POSTGRESQL -> DatabaseConfig.of(postgres().createDatabase("registry_" + n), postgres().user(),
                    postgres().password());
        };
    }

    public static KeyEncryptionKey randomKek() {
        return KeyEncryptionKey.generate(new SecureRandom());
    }

    public static RegistryStore newStore(DatabaseConfig config, KeyEncryptionKey kek) {
        return new RegistryStoreBuilder().database(config).keyEncryptionKey(kek).build();
    }
}
