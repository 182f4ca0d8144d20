package io.enrolgate.mef;

import io.enrolgate.mef.core.AuditLog;
import io.enrolgate.mef.core.KeyRegistrationStore;
import io.enrolgate.mef.store.memory.InMemoryAuditLog;
import io.enrolgate.mef.store.memory.InMemoryKeyRegistrationStore;

class InMemoryMefTest extends MefScenarios {
    @Override
    protected KeyRegistrationStore newStore() {
        return new InMemoryKeyRegistrationStore();
    }

    @Override
    protected AuditLog newAuditLog() {
        return new InMemoryAuditLog();
    }
}
