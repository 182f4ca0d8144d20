package io.enrolgate.provisioning.core;

import io.enrolgate.zigbee.IeeeAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/** The MQTT topics of DESIGN.md §3.3 that provisioning uses. IEEE addresses in topics: 16 lower-case hex digits. */
public final class ProvisioningTopics {
    public static final String SHARE_GROUP = "provisioning";
    public static final String KEYS_FILTER = "enrolgate/v1/keys/+";
    /** What every provisioning replica subscribes: the broker hands each KeyDelivery to one of them. */
    public static final String SHARED_KEYS_FILTER = "$share/" + SHARE_GROUP + "/" + KEYS_FILTER;

    private static final Pattern TOPIC_IEEE = Pattern.compile("[0-9a-f]{16}");

    private ProvisioningTopics() {
    }

    public static String keys(IeeeAddress device) {
        return "enrolgate/v1/keys/" + device.toTopicHex();
    }

    public static String events(IeeeAddress device) {
        return "enrolgate/v1/events/" + device.toTopicHex();
    }

    /** The device named by a keys topic, when its last level is 16 lower-case hex digits. */
    public static Optional<IeeeAddress> deviceOfKeysTopic(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length != 4 || !levels[0].equals("enrolgate") || !levels[1].equals("v1") || !levels[2].equals("keys")
                || !TOPIC_IEEE.matcher(levels[3]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new IeeeAddress(Long.parseUnsignedLong(levels[3], 16)));
    }
}
