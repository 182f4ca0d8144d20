package io.enrolgate.mef.core;

import java.util.List;

/** Where the MEF writes its audit trail. Implementations must make a record durable before returning. */
public interface AuditLog {
    void record(AuditRecord record);

    /** Every record about one registration, oldest first (for investigations and tests). */
    List<AuditRecord> recordsFor(RelativeKeyId relativeKeyId);
}
