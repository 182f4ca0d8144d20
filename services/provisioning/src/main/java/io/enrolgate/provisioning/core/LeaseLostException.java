package io.enrolgate.provisioning.core;

import java.util.UUID;

/** This replica's lease on a work item ended and another replica may be working on it: stop, change nothing. */
public final class LeaseLostException extends RuntimeException {
    public LeaseLostException(UUID enrolmentId, String owner) {
        super("the lease of " + owner + " on the provisioning of enrolment " + enrolmentId + " is lost");
    }
}
