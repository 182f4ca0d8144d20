package io.enrolgate.keyforge.core;

import io.enrolgate.zigbee.IeeeAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/** The MQTT topics of DESIGN.md §3.3, in one place. IEEE addresses in topics: 16 lower-case hex digits. */
public final class EgTopics {
    public static final String SHARE_GROUP = "key-forge";
    public static final String REQUEST_FILTER = "enrolgate/v1/gw/+/eg/request";
    /** What every key-forge replica subscribes: the broker hands each request to one of them. */
    public static final String SHARED_REQUEST_FILTER = "$share/" + SHARE_GROUP + "/" + REQUEST_FILTER;

    private static final Pattern TOPIC_IEEE = Pattern.compile("[0-9a-f]{16}");
    private static final int GATEWAY_LEVEL = 3;

    private EgTopics() {
    }

    public static String request(IeeeAddress gateway) {
        return "enrolgate/v1/gw/" + gateway.toTopicHex() + "/eg/request";
    }

    public static String response(IeeeAddress gateway) {
        return "enrolgate/v1/gw/" + gateway.toTopicHex() + "/eg/response";
    }

    public static String keys(IeeeAddress device) {
        return "enrolgate/v1/keys/" + device.toTopicHex();
    }

    public static String events(IeeeAddress device) {
        return "enrolgate/v1/events/" + device.toTopicHex();
    }

    /** The gateway named by a request topic, when that level is 16 lower-case hex digits as the topic scheme says. */
    public static Optional<IeeeAddress> gatewayOfRequestTopic(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length != 6 || !TOPIC_IEEE.matcher(levels[GATEWAY_LEVEL]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new IeeeAddress(Long.parseUnsignedLong(levels[GATEWAY_LEVEL], 16)));
    }
}
