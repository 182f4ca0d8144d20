package io.enrolgate.provisioning.store;

import io.enrolgate.common.storage.DatabaseConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2WorkStoreTest extends WorkStoreContract {
    private JdbcWorkStore store;

    @BeforeAll
    void open(@TempDir Path directory) {
        store = JdbcWorkStore.open(DatabaseConfig.h2File(directory.resolve("work")));
    }

    @Override
    JdbcWorkStore store() {
        return store;
    }

    @AfterAll
    void close() {
        store.close();
    }
}
