package io.enrolgate.common.topics;

import io.enrolgate.zigbee.IeeeAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MQTT v5 topics of DESIGN.md §3.3, the one definition every service, tool and test uses. IEEE addresses
 * in topics: 16 lower-case hex digits, display order, no separators.
 * <pre>
 * enrolgate/v1/gw/{gw}/eg/request    serial-bridge → key-forge ($share/key-forge/…)
 * enrolgate/v1/gw/{gw}/eg/response   key-forge → serial-bridge
 * enrolgate/v1/gw/{gw}/status        serial-bridge → anyone (retained; offline is the Will)
 * enrolgate/v1/keys/{device}         key-forge → provisioning ($share/provisioning/…)
 * enrolgate/v1/events/{device}       key-forge, provisioning → users
 * </pre>
 */
public final class EnrolgateTopics {
    private static final String ROOT = "enrolgate/v1/";
    private static final String GATEWAYS = ROOT + "gw/";
    private static final String KEYS = ROOT + "keys/";
    private static final String EVENTS = ROOT + "events/";
    private static final String REQUEST_LEVELS = "/eg/request";
    private static final Pattern TOPIC_IEEE = Pattern.compile("[0-9a-f]{16}");

    /** Every gateway's EG Requests. */
    public static final String REQUEST_FILTER = GATEWAYS + "+" + REQUEST_LEVELS;
    /** Every gateway's status. */
    public static final String STATUS_FILTER = GATEWAYS + "+/status";
    /** Every device's KeyDeliveries. */
    public static final String KEYS_FILTER = KEYS + "+";
    /** Every device's enrolment events. */
    public static final String EVENTS_FILTER = EVENTS + "+";

    /** The shared-subscription group of the key-forge replicas: the broker hands each request to one of them. */
    public static final String KEY_FORGE_GROUP = "key-forge";
    /** The shared-subscription group of the provisioning replicas: each KeyDelivery goes to one of them. */
    public static final String PROVISIONING_GROUP = "provisioning";
    /** What every key-forge replica subscribes. */
    public static final String SHARED_REQUEST_FILTER = shared(KEY_FORGE_GROUP, REQUEST_FILTER);
    /** What every provisioning replica subscribes. */
    public static final String SHARED_KEYS_FILTER = shared(PROVISIONING_GROUP, KEYS_FILTER);

    private EnrolgateTopics() {
    }

    /** Where the gateway's serial-bridge publishes its EG Requests. */
    public static String request(IeeeAddress gateway) {
        return GATEWAYS + gateway.toTopicHex() + REQUEST_LEVELS;
    }

    /** The Response Topic of the gateway's requests, which its serial-bridge subscribes. */
    public static String response(IeeeAddress gateway) {
        return GATEWAYS + gateway.toTopicHex() + "/eg/response";
    }

    /** The retained status of the gateway: online/offline JSON; offline is also its bridge's Will. */
    public static String status(IeeeAddress gateway) {
        return GATEWAYS + gateway.toTopicHex() + "/status";
    }

    public static String keys(IeeeAddress device) {
        return KEYS + device.toTopicHex();
    }

    public static String events(IeeeAddress device) {
        return EVENTS + device.toTopicHex();
    }

    /** The MQTT v5 shared subscription {@code $share/group/filter}. */
    public static String shared(String group, String filter) {
        return "$share/" + group + "/" + filter;
    }

    /**
     * The gateway named by a request topic: empty unless the topic is {@code enrolgate/v1/gw/{gw}/eg/request}
     * with {gw} as 16 lower-case hex digits.
     */
    public static Optional<IeeeAddress> gatewayOfRequestTopic(String topic) {
        return ieeeBetween(topic, GATEWAYS, REQUEST_LEVELS);
    }

    /** The device named by a keys topic: empty unless it is {@code enrolgate/v1/keys/{device}}, as above. */
    public static Optional<IeeeAddress> deviceOfKeysTopic(String topic) {
        return ieeeBetween(topic, KEYS, "");
    }

    private static Optional<IeeeAddress> ieeeBetween(String topic, String prefix, String suffix) {
        if (topic == null || !topic.startsWith(prefix) || !topic.endsWith(suffix)
                || topic.length() != prefix.length() + 16 + suffix.length()) {
            return Optional.empty();
        }
        String ieee = topic.substring(prefix.length(), prefix.length() + 16);
        if (!TOPIC_IEEE.matcher(ieee).matches()) {
            return Optional.empty();
        }
        return Optional.of(new IeeeAddress(Long.parseUnsignedLong(ieee, 16)));
    }
}
