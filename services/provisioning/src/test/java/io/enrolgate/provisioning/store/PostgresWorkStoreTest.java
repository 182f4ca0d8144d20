package io.enrolgate.provisioning.store;

import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.testfixtures.PostgresProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresWorkStoreTest extends WorkStoreContract {
    private PostgresProcess postgres;
    private JdbcWorkStore store;

    @BeforeAll
    void start() {
        postgres = PostgresProcess.start();
        store = JdbcWorkStore.open(DatabaseConfig.of(postgres.createDatabase("work"), postgres.user(),
                postgres.password()));
    }

    @Override
    JdbcWorkStore store() {
        return store;
    }

    @AfterAll
    void close() {
        store.close();
        postgres.close();
    }
}
