package io.enrolgate.serialbridge.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits for conditions that other threads or processes make true. */
public final class Await {
    private Await() {
    }

    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what.get(), e);
            }
        }
    }

    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        until(timeout, condition, () -> what);
    }
}
