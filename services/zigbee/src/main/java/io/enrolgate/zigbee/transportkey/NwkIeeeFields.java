package io.enrolgate.zigbee.transportkey;

/**
 * Which optional IEEE address fields the NWK header of a forged frame carries. Real Trust Centers send
 * none for the Transport Key to a joiner (NWK frame control 0x0008); some stacks add both (0x1808).
 */
public enum NwkIeeeFields {
    NONE(false, false),
    DESTINATION(true, false),
    BOTH(true, true);

    private final boolean destination;
    private final boolean source;

    NwkIeeeFields(boolean destination, boolean source) {
        this.destination = destination;
        this.source = source;
    }

    public boolean destination() {
        return destination;
    }

    public boolean source() {
        return source;
    }
}
