package io.enrolgate.serialbridge.core;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The retained status JSON of DESIGN.md §3.3:
 * {@code {"state":"online","gateway":"00124b0001020304","firmware":"0.1.0","pan":"1a62","channel":15}}.
 * The firmware version comes from the gateway, so it is escaped and cut to what a HELLO may carry.
 */
public final class GatewayStatus {
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    /** The firmware's bound on the version string (firmware/proto/uart.options, NUL excluded). */
    private static final int MAX_FIRMWARE_CHARS = 31;

    private GatewayStatus() {
    }

    public static byte[] online(GatewayIdentity gateway) {
        return json(ONLINE, gateway);
    }

    public static byte[] offline(GatewayIdentity gateway) {
        return json(OFFLINE, gateway);
    }

    static byte[] json(String state, GatewayIdentity gateway) {
        String text = "{\"state\":\"" + state + "\""
                + ",\"gateway\":\"" + gateway.ieee().toTopicHex() + "\""
                + ",\"firmware\":" + quote(printable(gateway.firmwareVersion()))
                + ",\"pan\":\"" + String.format(Locale.ROOT, "%04x", gateway.panId() & 0xFFFF) + "\""
                + ",\"channel\":" + gateway.channel()
                + "}";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The text with control characters replaced and cut to the firmware's bound: safe for logs and JSON. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(MAX_FIRMWARE_CHARS)
                .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
