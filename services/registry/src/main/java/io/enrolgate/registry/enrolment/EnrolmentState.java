package io.enrolgate.registry.enrolment;

/** Where an enrolment stands; the same names as {@code EnrolmentEvent.State} in proto/. */
public enum EnrolmentState {
    REQUESTED,
    REJECTED,
    KEY_ISSUED,
    KEY_PROVISIONED,
    CONFIRMED,
    FAILED
}
