package io.enrolgate.serialbridge.serial;

import java.time.Duration;

/** How long to wait before opening the port again: doubling from {@code initial} up to {@code max}, reset once open. */
public final class ReopenBackoff {
    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    public ReopenBackoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff " + initial + ".." + max + ": expected 0 < initial <= max");
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.nextMillis = initialMillis;
    }

    /** The wait before the next attempt; each call doubles the following one, up to the maximum. */
    public Duration next() {
        long wait = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return Duration.ofMillis(wait);
    }

    public void reset() {
        nextMillis = initialMillis;
    }
}
