package io.enrolgate.registry.counter;

import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out frame counters inside one replica, from blocks reserved in the registry so that the hot path
 * rarely touches the database. Thread-safe. A block is reserved in the database before its first counter
 * is handed out; whatever is left of it when the replica stops or crashes is abandoned, never reissued, so
 * a counter is never used twice under the same Trust Center address, across replicas and restarts alike.
 *
 * <p>{@link #next} blocks (a database round trip) when a block runs out: call it off any event loop.
 */
public final class FrameCounterAllocator {
    private final RegistryStore store;
    private final int blockSize;
    private final Map<IeeeAddress, Cursor> cursors = new ConcurrentHashMap<>();
    private final AtomicLong blocksReserved = new AtomicLong();

    public FrameCounterAllocator(RegistryStore store, int blockSize) {
        this.store = Objects.requireNonNull(store, "store");
        if (blockSize < 1 || blockSize > FrameCounters.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("frame counter block size " + blockSize + ": expected 1 to "
                    + FrameCounters.MAX_BLOCK_SIZE);
        }
        this.blockSize = blockSize;
    }

    /**
     * The next unused frame counter of {@code tcAddress}.
     *
     * @throws FrameCounterExhaustedException when all 2^32 counters of the address have been handed out
     */
    public long next(IeeeAddress tcAddress) {
        return cursors.computeIfAbsent(tcAddress, Cursor::new).next();
    }

    /** How many blocks this allocator has reserved since it was made: a metric of database round trips. */
    public long blocksReserved() {
        return blocksReserved.get();
    }

    /** The counters of one address: the current block and the next one to hand out from it. */
    private final class Cursor {
        private final IeeeAddress tcAddress;
        private FrameCounterBlock block;
        private long next;

        Cursor(IeeeAddress tcAddress) {
            this.tcAddress = tcAddress;
        }

        synchronized long next() {
            if (block == null || next == block.endExclusive()) {
                // Other threads asking for this address wait here: they need the same new block.
                block = store.allocateFrameCounterBlock(tcAddress, blockSize);
                blocksReserved.incrementAndGet();
                next = block.first();
            }
            return next++;
        }
    }
}
