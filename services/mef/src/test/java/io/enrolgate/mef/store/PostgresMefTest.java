package io.enrolgate.mef.store;

import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.mef.MefScenarios;
import io.enrolgate.mef.core.AuditLog;
import io.enrolgate.mef.core.KeyRegistrationStore;
import io.enrolgate.mef.store.jdbc.MefStorage;
import io.enrolgate.testfixtures.PostgresProcess;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The acceptance scenarios on a real PostgreSQL server, a fresh database for each test. */
class PostgresMefTest extends MefScenarios {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresProcess postgres;
    private MefStorage storage;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresProcess.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    protected KeyRegistrationStore newStore() {
        String url = postgres.createDatabase("mef_" + DATABASES.incrementAndGet());
        storage = MefStorage.open(DatabaseConfig.of(url, postgres.user(), postgres.password()),
                KeyEncryptionKey.generate(new SecureRandom()));
        return storage.store();
    }

    @Override
    protected AuditLog newAuditLog() {
        return storage.audit();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }
}
