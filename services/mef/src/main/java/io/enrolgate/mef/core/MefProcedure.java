package io.enrolgate.mef.core;

import java.util.Locale;

/** The Mmef procedures of TS-0003 8.3.5.2, plus the MEF's own removal of expired registrations. */
public enum MefProcedure {
    KEY_REGISTRATION,
    KEY_RETRIEVAL,
    KEY_REGISTRATION_UPDATE,
    KEY_DEREGISTRATION,
    /** Removal of an expired registration by the MEF itself (no client involved). */
    EXPIRY_REMOVAL;

    /** Lower-case name with underscores: used in audit records and metric labels. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
