package io.enrolgate.keyforge.app;

import io.enrolgate.common.storage.DatabaseConfig;
import java.util.UUID;

/** key-forge on embedded H2 (the one-process mode's registry). */
class KeyForgeOnH2Test extends KeyForgeServiceContract {
    @Override
    protected DatabaseConfig newDatabase() {
        return DatabaseConfig.h2InMemory("keyforge_" + UUID.randomUUID().toString().replace("-", ""));
    }
}
