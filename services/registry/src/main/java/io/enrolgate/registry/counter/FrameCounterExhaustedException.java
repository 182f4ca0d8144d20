package io.enrolgate.registry.counter;

import io.enrolgate.zigbee.IeeeAddress;

/**
 * Every frame counter of a Trust Center source address has been handed out. Wrapping around would
 * repeat counters under the same key-transport keys, so this is a hard stop that needs an operator.
 */
public class FrameCounterExhaustedException extends RuntimeException {
    public FrameCounterExhaustedException(IeeeAddress tcAddress) {
        super("every frame counter of Trust Center address " + tcAddress + " (0 to " + FrameCounters.MAX_COUNTER
                + ") has been handed out: reusing one would expose keys, so no more can be issued from it");
    }
}
