/**
 * APS frame counters that never repeat under one Trust Center address: the store advances a durable
 * high-water mark by a block at a time, and a {@link io.enrolgate.registry.counter.FrameCounterAllocator}
 * in each replica hands out the counters of its current block. A replica that dies abandons the rest of
 * its block; nobody reissues it. Reusing a counter under the same key-transport key would leak the XOR of
 * two network keys (DESIGN.md §4), so this errs on the side of waste.
 */
package io.enrolgate.registry.counter;
