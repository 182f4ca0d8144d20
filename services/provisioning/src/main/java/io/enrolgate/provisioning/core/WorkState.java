package io.enrolgate.provisioning.core;

/**
 * Where the provisioning of one KeyDelivery stands. Each state is stored before the next step starts, so a
 * restart resumes at the step that was interrupted, never before a step whose effect was recorded.
 */
public enum WorkState {
    /** Accepted and stored (still sealed): the MEF Key Registration is to be done. */
    RECEIVED(false),
    /**
     * Registered at the MEF with a short provisional expirationTime: the registration is to be confirmed
     * (MEF Key Registration Update to the full lifetime). A registration whose answer was lost is never
     * confirmed, so the MEF removes it when the provisional lifetime ends.
     */
    MEF_PROVISIONAL(false),
    /** Registered and confirmed at the MEF: the node is to be registered in the CSE. */
    MEF_REGISTERED(false),
    /** The node's AE and container are in the CSE: the registry and the KEY_PROVISIONED event remain. */
    NODE_REGISTERED(false),
    /** Done: KEY_PROVISIONED published. */
    PROVISIONED(true),
    /** Given up (reason stored): the registry and the FAILED event remain. */
    FAILING(false),
    /** Done: FAILED published. */
    FAILED(true);

    private final boolean terminal;

    WorkState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }
}
