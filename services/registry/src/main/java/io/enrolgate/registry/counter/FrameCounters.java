package io.enrolgate.registry.counter;

/** Facts about Zigbee APS frame counters shared by the store and the allocator. */
public final class FrameCounters {
    /** Frame counters are 32-bit unsigned on air. */
    public static final long MAX_COUNTER = 0xFFFF_FFFFL;
    /** A block large enough that a busy replica rarely goes to the database, small enough to waste little. */
    public static final int DEFAULT_BLOCK_SIZE = 1000;
    public static final int MAX_BLOCK_SIZE = 1 << 20;

    private FrameCounters() {
    }
}
