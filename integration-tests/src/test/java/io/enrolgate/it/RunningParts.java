package io.enrolgate.it;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test started (processes, containers, clients), stopped the last first: a part may depend on one started
 * before it. A part that fails to stop is reported, and the others are still stopped.
 */
final class RunningParts implements AutoCloseable {
    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private final String logPrefix;

    /** @param logPrefix how the build log lines of the test start ({@code [it]}) */
    RunningParts(String logPrefix) {
        this.logPrefix = logPrefix;
    }

    /** Stops {@code part} with the rest, in reverse order of start. */
    <T extends AutoCloseable> T keep(T part) {
        parts.push(part);
        return part;
    }

    /** Stops everything, the last started first; never throws. */
    @Override
    public void close() {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                System.out.println(logPrefix + " stopping a part failed: " + e);
            }
        }
    }
}
