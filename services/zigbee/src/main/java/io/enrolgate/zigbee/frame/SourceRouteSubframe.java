package io.enrolgate.zigbee.frame;

import java.util.List;

/**
 * The source route subframe of the NWK header (Zigbee specification 3.3.1.9), present when the frame
 * control's source route flag is set: the relays, nearest the destination first, and which of them
 * forwards the frame next. The originator sets the relay index to relay count - 1 and each relay
 * decrements it, so it always points into the list.
 *
 * @param relayIndex the index in {@code relays} of the next relay
 * @param relays the 16-bit network addresses of the relays, 1..255 of them
 */
public record SourceRouteSubframe(int relayIndex, List<Integer> relays) {
    public static final String RELAY_COUNT_FIELD = "NWK source route relay count";
    public static final String RELAY_INDEX_FIELD = "NWK source route relay index";
    public static final String RELAY_LIST_FIELD = "NWK source route relay list";
    public static final int MAX_RELAYS = 0xFF;

    public SourceRouteSubframe {
        if (relays == null || relays.isEmpty() || relays.size() > MAX_RELAYS) {
            throw new IllegalArgumentException("a source route lists 1.." + MAX_RELAYS + " relays, got "
                    + (relays == null ? "none" : relays.size()));
        }
        relays = List.copyOf(relays);
        for (int relay : relays) {
            FieldRules.requireU16(relay, "relay address");
        }
        if (relayIndex < 0 || relayIndex >= relays.size()) {
            throw new IllegalArgumentException("relay index is " + relayIndex + ", expected 0.."
                    + (relays.size() - 1) + " (an index into the " + relays.size() + " relays)");
        }
    }

    /** The encoded length: relay count, relay index and two bytes per relay. */
    public int length() {
        return 2 + 2 * relays.size();
    }

    public void encode(ByteWriter writer) {
        writer.writeU8(relays.size());
        writer.writeU8(relayIndex);
        for (int relay : relays) {
            writer.writeU16(relay);
        }
    }

    public static SourceRouteSubframe decode(ByteReader reader) {
        int offset = reader.position();
        int relayCount = reader.readU8(RELAY_COUNT_FIELD);
        int relayIndex = reader.readU8(RELAY_INDEX_FIELD);
        Integer[] relays = new Integer[relayCount];
        for (int i = 0; i < relayCount; i++) {
            relays[i] = reader.readU16(RELAY_LIST_FIELD);
        }
        return FrameFormatException.whileDecoding("NWK source route subframe", offset,
                () -> new SourceRouteSubframe(relayIndex, List.of(relays)));
    }
}
