package io.enrolgate.mef.store.memory;

import io.enrolgate.mef.core.AuditLog;
import io.enrolgate.mef.core.AuditRecord;
import io.enrolgate.mef.core.RelativeKeyId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The audit trail in process memory: for unit tests and throw-away demos only. */
public final class InMemoryAuditLog implements AuditLog {
    private final List<AuditRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditRecord record) {
        records.add(record);
    }

    @Override
    public List<AuditRecord> recordsFor(RelativeKeyId relativeKeyId) {
        return records.stream().filter(r -> relativeKeyId.value().equals(r.relativeKeyId())).toList();
    }

    /** Every record, oldest first. */
    public List<AuditRecord> all() {
        return List.copyOf(records);
    }
}
