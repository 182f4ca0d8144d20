package io.enrolgate.demo.core;

/**
 * The run at a glance: how many devices there are, and how many have reached each step.
 *
 * @param reported devices that finished (successfully or not)
 * @param failed devices that finished without success (settled and not equal)
 */
public record ProgressCounts(int devices, int requested, int joined, int keysInstalled, int retrieved, int equal,
        int reported, int failed) {
}
