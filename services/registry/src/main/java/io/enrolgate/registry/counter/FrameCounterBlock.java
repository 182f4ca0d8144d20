package io.enrolgate.registry.counter;

import io.enrolgate.zigbee.IeeeAddress;
import java.util.Objects;

/**
 * A range of frame counters reserved durably for one holder: {@code first} to {@code first + size - 1}.
 * Once the database has handed it out, no other allocation overlaps it, whether or not its holder uses it.
 */
public record FrameCounterBlock(IeeeAddress tcAddress, long first, int size) {
    public FrameCounterBlock {
        Objects.requireNonNull(tcAddress, "tcAddress");
        if (first < 0 || size < 1 || first + size - 1 > FrameCounters.MAX_COUNTER) {
            throw new IllegalArgumentException("frame counter block [" + first + ", +" + size + "): expected a"
                    + " non-empty range within 0 to " + FrameCounters.MAX_COUNTER);
        }
    }

    /** The first counter after the block. */
    public long endExclusive() {
        return first + size;
    }

    public long last() {
        return first + size - 1;
    }
}
