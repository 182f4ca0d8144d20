package io.enrolgate.provisioning.core;

/**
 * A KeyDelivery that no redelivery can make usable: not a KeyDelivery, inconsistent with its topic, or a
 * seal that does not open with this service's key. Its message never carries key material.
 */
public final class DeliveryRejectedException extends Exception {
    private final Reason reason;

    /** Why: a closed set, used as a metric tag. */
    public enum Reason {
        MALFORMED("malformed"),
        TOPIC_MISMATCH("topic_mismatch"),
        UNOPENABLE("unopenable");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    public DeliveryRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
