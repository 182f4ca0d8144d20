package io.enrolgate.mef.core;

import java.time.Instant;

/**
 * One line of the MEF's audit trail: who ({@code actor}, the oneM2M ID of the authenticated client, or
 * {@code mef} for the MEF's own removals), when, which procedure on which key, and whether it was
 * allowed. Never holds a Key Value: it is built from identifiers and outcomes only.
 *
 * @param relativeKeyId the registration concerned, or null when the request never named a valid one
 * @param detail why it was refused, or null when allowed
 */
public record AuditRecord(Instant time, MefProcedure procedure, String actor, String relativeKeyId,
        Outcome outcome, String detail) {
    public static final String MEF_ACTOR = "mef";

    public AuditRecord {
        if (time == null || procedure == null || actor == null || outcome == null) {
            throw new IllegalArgumentException("an audit record needs time, procedure, actor and outcome");
        }
    }
}
