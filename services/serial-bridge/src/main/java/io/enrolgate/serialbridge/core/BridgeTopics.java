package io.enrolgate.serialbridge.core;

import io.enrolgate.zigbee.IeeeAddress;

/**
 * The bridge's MQTT topics (DESIGN.md §3.3). IEEE addresses in topics: 16 lower-case hex digits, display
 * order. The request and response topics are those key-forge serves ({@code EgTopics} in key-forge).
 */
public final class BridgeTopics {
    private static final String GATEWAY_PREFIX = "enrolgate/v1/gw/";

    private BridgeTopics() {
    }

    /** Where the bridge publishes the gateway's EG Requests (key-forge shares {@code enrolgate/v1/gw/+/eg/request}). */
    public static String request(IeeeAddress gateway) {
        return GATEWAY_PREFIX + gateway.toTopicHex() + "/eg/request";
    }

    /** The Response Topic of the gateway's requests, which the bridge subscribes. */
    public static String response(IeeeAddress gateway) {
        return GATEWAY_PREFIX + gateway.toTopicHex() + "/eg/response";
    }

    /** The retained status of the gateway: online/offline JSON; offline is also the bridge's Will. */
    public static String status(IeeeAddress gateway) {
        return GATEWAY_PREFIX + gateway.toTopicHex() + "/status";
    }
}
