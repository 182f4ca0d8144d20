package io.enrolgate.provisioning.core;

import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.Optional;

/**
 * The topics provisioning uses, as defined once in {@link EnrolgateTopics} (DESIGN.md §3.3). Kept so that its
 * callers need not change; new code uses {@link EnrolgateTopics} directly.
 */
public final class ProvisioningTopics {
    /** What every provisioning replica subscribes: the broker hands each KeyDelivery to one of them. */
    public static final String SHARED_KEYS_FILTER = EnrolgateTopics.SHARED_KEYS_FILTER;

    private ProvisioningTopics() {
    }

    public static String keys(IeeeAddress device) {
        return EnrolgateTopics.keys(device);
    }

    public static String events(IeeeAddress device) {
        return EnrolgateTopics.events(device);
    }

    /** The device named by a keys topic, when its last level is 16 lower-case hex digits. */
    public static Optional<IeeeAddress> deviceOfKeysTopic(String topic) {
        return EnrolgateTopics.deviceOfKeysTopic(topic);
    }
}
