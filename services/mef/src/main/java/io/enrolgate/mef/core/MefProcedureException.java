package io.enrolgate.mef.core;

/**
 * A procedure that did not succeed, with the {@link Outcome} that the protocol maps to a response. The
 * message is meant for the client and the audit log: it never contains a Key Value.
 */
public final class MefProcedureException extends RuntimeException {
    private final Outcome outcome;

    public MefProcedureException(Outcome outcome, String message) {
        super(message);
        if (outcome == Outcome.ALLOWED) {
            throw new IllegalArgumentException("a failed procedure cannot have outcome ALLOWED");
        }
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }
}
