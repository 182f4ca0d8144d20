package io.enrolgate.provisioning.core;

import io.enrolgate.zigbee.IeeeAddress;
import java.util.List;
import java.util.UUID;

/**
 * The labels provisioning gives its MEF Key Registrations: which device and which enrolment a key is for (so an
 * operator can find them), and {@value #PROVISIONAL} until the registration is confirmed.
 */
public final class MefLabels {
    public static final String IEEE_PREFIX = "ieee:";
    public static final String ENROLMENT_PREFIX = "enrolment:";
    /** Marks a registration not yet confirmed: it expires soon unless confirmed. */
    public static final String PROVISIONAL = "provisional";

    private MefLabels() {
    }

    public static List<String> confirmed(IeeeAddress device, UUID enrolmentId) {
        return List.of(IEEE_PREFIX + device.toTopicHex(), ENROLMENT_PREFIX + enrolmentId);
    }

    public static List<String> provisional(IeeeAddress device, UUID enrolmentId) {
        return List.of(IEEE_PREFIX + device.toTopicHex(), ENROLMENT_PREFIX + enrolmentId, PROVISIONAL);
    }
}
