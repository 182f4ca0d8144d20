package io.enrolgate.provisioning.core;

/**
 * A provisioning step did not succeed. Transient failures (a server down or overloaded) are retried with
 * back-off; permanent ones (a refusal no retry changes) end the provisioning as FAILED at once. The message
 * is the reason given in the FAILED event and the logs: never key material.
 */
public class StepException extends Exception {
    private final boolean permanent;

    private StepException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public static StepException transientFailure(String message, Throwable cause) {
        return new StepException(message, false, cause);
    }

    public static StepException transientFailure(String message) {
        return new StepException(message, false, null);
    }

    public static StepException permanentFailure(String message, Throwable cause) {
        return new StepException(message, true, cause);
    }

    public static StepException permanentFailure(String message) {
        return new StepException(message, true, null);
    }

    public boolean isPermanent() {
        return permanent;
    }

    /** A resource a later step relies on vanished: the state machine goes back a step (not a failure). */
    public static class Lost extends StepException {
        public Lost(String message) {
            super(message, false, null);
        }
    }
}
