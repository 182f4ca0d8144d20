package io.enrolgate.keyforge.app;

import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.testfixtures.PostgresProcess;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** key-forge on a real PostgreSQL server (the distributed mode's registry). */
class KeyForgeOnPostgresTest extends KeyForgeServiceContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresProcess postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresProcess.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    protected DatabaseConfig newDatabase() {
        String url = postgres.createDatabase("keyforge_" + DATABASES.incrementAndGet());
        return DatabaseConfig.of(url, postgres.user(), postgres.password());
    }
}
