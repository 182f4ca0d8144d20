package io.enrolgate.provisioning.core;

/** Publishes an enrolment event (QoS 1) and returns once the broker acknowledged it. Blocking. */
public interface EventSink {
    /** @throws StepException transient when the broker did not take it */
    void publish(String topic, byte[] json) throws StepException;
}
