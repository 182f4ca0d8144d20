package io.enrolgate.mef.store;

import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.mef.MefScenarios;
import io.enrolgate.mef.core.AuditLog;
import io.enrolgate.mef.core.KeyRegistrationStore;
import io.enrolgate.mef.store.jdbc.MefStorage;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance scenarios on an embedded H2 file database. */
class H2MefTest extends MefScenarios {
    @TempDir
    Path directory;
    private MefStorage storage;

    @Override
    protected KeyRegistrationStore newStore() {
        storage = MefStorage.open(DatabaseConfig.h2File(directory.resolve("mef")),
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
