package io.enrolgate.mef.core;

import java.util.Locale;

/** How a procedure ended: recorded in the audit log, counted in metrics, mapped to a status by the protocol. */
public enum Outcome {
    /** Performed. */
    ALLOWED,
    /** The authenticated client is not allowed to do this (not a target, not the source, not a source client). */
    REFUSED,
    /** The registration has expired; treated as refused, but said so. */
    EXPIRED,
    /** No registration has this RelativeKeyID. */
    NOT_FOUND,
    /** The request was malformed or its parameters invalid. */
    INVALID,
    /** The MEF failed (e.g. its database); the client may retry. */
    ERROR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
